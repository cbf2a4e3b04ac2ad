//! Serde defaults and skip tests of the scenario schema.

use super::{FailureAction, Idempotency, PublishMode, StoreSpec};
use crate::core::rng::Ratio;

pub(super) fn yes() -> bool {
    true
}
pub(super) fn plain() -> PublishMode {
    PublishMode::Plain
}
pub(super) fn never() -> Ratio {
    Ratio::NEVER
}
pub(super) fn reject() -> FailureAction {
    FailureAction::Reject
}
pub(super) fn no_idempotency() -> Idempotency {
    Idempotency::None
}
pub(super) fn one() -> u32 {
    1
}
pub(super) fn is_one(n: &u32) -> bool {
    *n == 1
}
pub(super) fn is_zero(n: &u64) -> bool {
    *n == 0
}
pub(super) fn is_never(r: &Ratio) -> bool {
    r.numerator == 0
}
pub(super) fn ten() -> u64 {
    10
}
pub(super) fn hundred() -> u64 {
    100
}
pub(super) fn five_seconds() -> u64 {
    5_000
}
pub(super) fn redis_default() -> StoreSpec {
    StoreSpec { latency_ms: 1 }
}
pub(super) fn mysql_default() -> StoreSpec {
    StoreSpec { latency_ms: 5 }
}
