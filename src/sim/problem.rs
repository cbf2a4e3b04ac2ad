//! Why the simulation refuses a run or stops one, as data: rendered in the page's language by
//! the UI, in English by `warren-cli` (like `scenario/invalid.rs`, whose refusals it carries).

use std::fmt;

use crate::core::Time;
use crate::lang::Lang;
use crate::sim::scenario::Invalid;

#[derive(Clone, Debug, PartialEq)]
pub enum SimProblem {
    /// The scenario (with the faults injected so far) is refused.
    Refused(Invalid),
    /// A fault injected live would make the scenario invalid (it names nothing, ...).
    FaultNotInjected(Invalid),
    /// The broker refused the scenario's definitions (its own words).
    Broker {
        text: String,
    },
    SnapshotEveryZero,
    /// More client steps at one virtual instant than a run allows (a loop without time).
    TooManySteps {
        at: Time,
        max: u64,
    },
    /// More live message copies than a run allows (a dead-letter or fanout loop).
    TooManyCopies {
        at: Time,
        live: u64,
        max: u64,
    },
}

impl SimProblem {
    pub fn render(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            SimProblem::Refused(invalid) => invalid.render(lang),
            SimProblem::FaultNotInjected(invalid) => {
                format!(
                    "{}{}",
                    lang.pick("the fault was not injected: ", "故障未注入："),
                    invalid.render(lang)
                )
            }
            SimProblem::Broker { text } => format!("{}{text}", lang.pick("", "代理拒绝：")),
            SimProblem::SnapshotEveryZero => lang
                .pick(
                    "the snapshot interval must be at least 1 ms",
                    "快照间隔至少为 1 毫秒",
                )
                .into(),
            SimProblem::TooManySteps { at, max } => {
                if zh {
                    format!("运行在 {at} 停止：同一虚拟时刻的客户端步骤超过 {max} 个（处理时间为零且重新入队的消费者会在时间不前进的情况下循环）")
                } else {
                    format!(
                        "the run stopped at {at}: more than {max} client steps at one virtual instant \
                         (consumers that requeue with no processing time loop without time passing)"
                    )
                }
            }
            SimProblem::TooManyCopies { at, live, max } => {
                if zh {
                    format!("运行在 {at} 停止：同时有 {live} 个消息副本在队列中或未确认，超过 {max} 个（死信或扇出循环？）；RabbitMQ 会触发内存告警")
                } else {
                    format!(
                        "the run stopped at {at}: {live} message copies are queued or unacked at once, more than {max} \
                         (a dead-letter or fanout loop?); RabbitMQ would raise a memory alarm"
                    )
                }
            }
        }
    }
}

/// The English rendering (the CLI's and the tests').
impl fmt::Display for SimProblem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl From<SimProblem> for String {
    fn from(problem: SimProblem) -> String {
        problem.to_string()
    }
}

impl From<Invalid> for SimProblem {
    fn from(invalid: Invalid) -> SimProblem {
        SimProblem::Refused(invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_renders_in_both_languages_and_they_differ() {
        let invalid = || crate::sim::scenario::parse(r#"{"version": 1, "duration_ms": 0}"#).unwrap_err();
        let refused = || {
            let s: crate::sim::scenario::Scenario = crate::input::from_json(r#"{"version": 1, "duration_ms": 0}"#).unwrap();
            s.validate().unwrap_err()
        };
        assert!(invalid().contains("duration_ms"));
        let at = Time::from_millis(1500);
        for problem in [
            SimProblem::Refused(refused()),
            SimProblem::FaultNotInjected(refused()),
            SimProblem::Broker { text: "PRECONDITION_FAILED".into() },
            SimProblem::SnapshotEveryZero,
            SimProblem::TooManySteps { at, max: 1_000_000 },
            SimProblem::TooManyCopies { at, live: 1_000_001, max: 1_000_000 },
        ] {
            let (en, zh) = (problem.render(Lang::En), problem.render(Lang::Zh));
            assert_eq!(en, problem.to_string());
            assert_ne!(en, zh, "{problem:?}");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
        }
        let halt = SimProblem::TooManyCopies { at, live: 7, max: 5 };
        assert!(halt.render(Lang::Zh).contains('7') && halt.render(Lang::En).contains("memory alarm"));
    }
}
