//! Typed identities. All are plain integers handed out in order, so a replay gives the same ids.

use serde::{Deserialize, Serialize};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(
    /// A declared queue (a new declaration of the same name after a delete gets a new id).
    QueueId
);
id!(
    /// A client connection.
    ConnectionId
);
id!(
    /// A channel on a connection.
    ChannelId
);
id!(
    /// A broker node of the cluster.
    NodeId
);

/// One `basic.publish`: the message as the publisher sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MsgId(pub u64);

/// One copy of a message in one queue: routing to three queues makes three copies, and
/// dead-lettering forwards a copy to new copies. The ledger tracks every copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CopyId(pub u64);

impl CopyId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
