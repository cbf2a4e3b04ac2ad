//! Which client opened each channel, by channel id (the broker numbers channels 0, 1, 2 ...):
//! a delivery or a confirm finds its consumer or producer by an index, not by comparing the
//! channel of every client. A hint, checked against the client's current channel: a client that
//! moved on to a new channel, or one never recorded, is found by the search as before.

use super::{Client, World};
use crate::core::ids::ChannelId;

#[derive(Clone, Debug, Default)]
pub(super) struct ChannelOwners {
    by_channel: Vec<Option<Client>>,
}

impl ChannelOwners {
    /// `client` opened `channel`.
    pub(super) fn set(&mut self, channel: ChannelId, client: Client) {
        let at = channel.index();
        if self.by_channel.len() <= at {
            self.by_channel.resize(at + 1, None);
        }
        self.by_channel[at] = Some(client);
    }

    fn get(&self, channel: ChannelId) -> Option<Client> {
        self.by_channel.get(channel.index()).copied().flatten()
    }
}

impl World {
    /// The consumer whose channel `channel` is now.
    pub(super) fn consumer_on(&self, channel: ChannelId) -> Option<usize> {
        match self.owners.get(channel) {
            Some(Client::Consumer(i))
                if self
                    .consumers
                    .get(i)
                    .is_some_and(|c| c.channel == Some(channel)) =>
            {
                Some(i)
            }
            _ => self
                .consumers
                .iter()
                .position(|c| c.channel == Some(channel)),
        }
    }

    /// The producer whose channel `channel` is now.
    pub(super) fn producer_on(&self, channel: ChannelId) -> Option<usize> {
        match self.owners.get(channel) {
            Some(Client::Producer(i))
                if self
                    .producers
                    .get(i)
                    .is_some_and(|p| p.channel == Some(channel)) =>
            {
                Some(i)
            }
            _ => self
                .producers
                .iter()
                .position(|p| p.channel == Some(channel)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_are_found_by_channel_and_unknown_channels_are_none() {
        let mut owners = ChannelOwners::default();
        owners.set(ChannelId(3), Client::Consumer(1));
        owners.set(ChannelId(0), Client::Producer(2));
        assert_eq!(owners.get(ChannelId(3)), Some(Client::Consumer(1)));
        assert_eq!(owners.get(ChannelId(0)), Some(Client::Producer(2)));
        assert_eq!(
            (owners.get(ChannelId(1)), owners.get(ChannelId(9))),
            (None, None)
        );
        owners.set(ChannelId(3), Client::Producer(0));
        assert_eq!(
            owners.get(ChannelId(3)),
            Some(Client::Producer(0)),
            "the last opener"
        );
    }
}
