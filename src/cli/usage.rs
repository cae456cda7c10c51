//! Bad input to the command line: a message that names the input and suggests the fix.

/// Bad input: printed to stderr, exit status 2.
pub(super) struct Usage(pub(super) String);
