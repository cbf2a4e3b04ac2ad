//! AMQP reply codes and the errors the broker raises on a channel or a connection.

pub const NO_ROUTE: u16 = 312;
pub const CONNECTION_FORCED: u16 = 320;
pub const ACCESS_REFUSED: u16 = 403;
pub const NOT_FOUND: u16 = 404;
pub const RESOURCE_LOCKED: u16 = 405;
pub const PRECONDITION_FAILED: u16 = 406;
pub const COMMAND_INVALID: u16 = 503;
pub const CHANNEL_ERROR: u16 = 504;
pub const NOT_ALLOWED: u16 = 530;
pub const NOT_IMPLEMENTED: u16 = 540;
pub const INTERNAL_ERROR: u16 = 541;

/// A channel or connection exception. Codes 311-313 and 403-406 close only the channel; every
/// other code closes the whole connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmqpError {
    pub code: u16,
    pub text: String,
}

impl AmqpError {
    pub fn new(code: u16, text: impl Into<String>) -> AmqpError {
        AmqpError { code, text: text.into() }
    }
    pub fn closes_connection(&self) -> bool {
        !matches!(self.code, 311..=313 | 403..=406)
    }
    pub fn precondition(text: impl Into<String>) -> AmqpError {
        AmqpError::new(PRECONDITION_FAILED, text)
    }
    pub fn not_found(text: impl Into<String>) -> AmqpError {
        AmqpError::new(NOT_FOUND, text)
    }
    pub fn access_refused(text: impl Into<String>) -> AmqpError {
        AmqpError::new(ACCESS_REFUSED, text)
    }
}

impl std::fmt::Display for AmqpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.text)
    }
}

impl std::error::Error for AmqpError {}
