//! The machine a timed run ran on, and how busy it was: the caption of every chart and the head
//! of the report, since timings mean nothing without them.

/// What the report says of the machine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Machine {
    /// The processor, as `/proc/cpuinfo` names it ("AMD EPYC"), or the architecture elsewhere.
    pub cpu: String,
    /// The day the run started, `YYYY-MM-DD`, in UTC.
    pub date: String,
    /// The one-minute load average when the run started, where the system says (Linux).
    pub load_before: Option<f64>,
    /// The same when it ended.
    pub load_after: Option<f64>,
}

impl Machine {
    /// The machine now, its load taken as the run starts; [`Machine::finish`] takes it again.
    pub fn now() -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, name)| name.trim().to_string())
            })
            .unwrap_or_else(|| std::env::consts::ARCH.to_string());
        let days = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 86_400);
        Machine { cpu, date: date(days as i64), load_before: load(), load_after: None }
    }

    /// Takes the load again, as the run ends.
    pub fn finish(&mut self) {
        self.load_after = load();
    }

    /// "load average 1.9 at the start, 2.3 at the end", or nothing where the system does not say.
    pub fn load_words(&self) -> Option<String> {
        match (self.load_before, self.load_after) {
            (Some(a), Some(b)) => Some(format!("load average {a:.1} at the start, {b:.1} at the end")),
            (Some(a), None) => Some(format!("load average {a:.1} at the start")),
            _ => None,
        }
    }
}

/// The one-minute load average, from `/proc/loadavg`.
fn load() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

/// The civil date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`): one
/// date for a caption does not warrant a date-time crate.
fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_civil_dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(11_016), "2000-02-29");
        assert_eq!(date(20_789), "2026-12-02");
        assert_eq!(date(-1), "1969-12-31");
    }
}
