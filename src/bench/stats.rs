//! Medians, spread, speed-up and efficiency: the arithmetic of a timed run.

use std::time::Duration;

/// Repeated timings of one configuration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    /// Seconds per run, in the order they were taken.
    pub seconds: Vec<f64>,
}

impl Samples {
    /// Adds one run's time.
    pub fn push(&mut self, d: Duration) {
        self.seconds.push(d.as_secs_f64());
    }

    /// The median, which one slow run (a preempted thread, a cold cache) does not move.
    pub fn median(&self) -> f64 {
        let mut s = self.seconds.clone();
        s.sort_by(f64::total_cmp);
        match s.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => s[n / 2],
            n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
        }
    }

    /// Half the range, as a fraction of the median: `0.02` reads "±2%".
    pub fn spread(&self) -> f64 {
        let (lo, hi) = self
            .seconds
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        if self.seconds.is_empty() { f64::NAN } else { (hi - lo) / 2.0 / self.median() }
    }
}

/// The spread past which a configuration's timings are called noisy: half the range of its runs
/// beyond a tenth of their median. A machine busy with other work does that (a quiet one stays
/// within a few percent), and a speed-up read from such timings can be off by as much: the
/// report flags the run and withholds its advice.
pub const NOISY_SPREAD: f64 = 0.10;

impl Samples {
    /// Whether the spread passes [`NOISY_SPREAD`].
    pub fn noisy(&self) -> bool {
        self.spread() > NOISY_SPREAD
    }

    /// The fastest and the slowest run, in seconds.
    pub fn range(&self) -> (f64, f64) {
        self.seconds.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)))
    }
}

/// How many times faster than the sequential run.
pub fn speedup(sequential: f64, measured: f64) -> f64 {
    sequential / measured
}

/// The best a perfect executor could do: the fraction of that it reached (1.0 is ideal).
pub fn efficiency(ideal: f64, measured: f64) -> f64 {
    ideal / measured
}

/// The ideal time of `tasks` waits of `wait` seconds on `workers` workers: ceil(tasks / workers)
/// rounds of one wait each.
pub fn ideal_waits(tasks: usize, wait: f64, workers: usize) -> f64 {
    tasks.div_ceil(workers.max(1)) as f64 * wait
}

/// The ideal time of CPU-bound work on `workers` workers and `cores` cores: the sequential time
/// shared by as many workers as can run at once.
pub fn ideal_compute(sequential: f64, workers: usize, cores: usize) -> f64 {
    sequential / workers.min(cores).max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(xs: &[f64]) -> Samples {
        Samples { seconds: xs.to_vec() }
    }

    #[test]
    fn median_and_spread_of_given_samples() {
        assert_eq!(samples(&[3.0, 1.0, 2.0]).median(), 2.0);
        assert_eq!(samples(&[4.0, 1.0, 2.0, 3.0]).median(), 2.5);
        assert!((samples(&[0.9, 1.0, 1.1]).spread() - 0.1).abs() < 1e-12);
        assert!(Samples::default().median().is_nan());
        assert!(!samples(&[0.92, 1.0, 1.08]).noisy());
        assert!(samples(&[0.8, 1.0, 1.1]).noisy());
        assert_eq!(samples(&[0.8, 1.0, 1.1]).range(), (0.8, 1.1));
    }

    #[test]
    fn speedup_and_efficiency_against_the_ideal() {
        assert_eq!(speedup(1.2, 0.6), 2.0);
        // 8 waits of 0.2 s: one worker takes 8 rounds, 3 workers take 3, 8 or more take 1.
        assert_eq!(ideal_waits(8, 0.2, 1), 1.6);
        assert!((ideal_waits(8, 0.2, 3) - 0.6).abs() < 1e-12);
        assert_eq!(ideal_waits(8, 0.2, 16), 0.2);
        // CPU work on 2 cores: a third worker adds nothing to the ideal.
        assert_eq!(ideal_compute(1.2, 2, 2), 0.6);
        assert_eq!(ideal_compute(1.2, 3, 2), 0.6);
        assert!((efficiency(0.6, 0.75) - 0.8).abs() < 1e-12);
    }
}
