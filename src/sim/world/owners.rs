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
        let hint = match self.owners.get(channel) {
            Some(Client::Consumer(i)) => Some(i),
            _ => None,
        };
        owner(hint, channel, self.consumers.len(), |i| self.consumers[i].channel)
    }

    /// The producer whose channel `channel` is now.
    pub(super) fn producer_on(&self, channel: ChannelId) -> Option<usize> {
        let hint = match self.owners.get(channel) {
            Some(Client::Producer(i)) => Some(i),
            _ => None,
        };
        owner(hint, channel, self.producers.len(), |i| self.producers[i].channel)
    }
}

/// The client of `count` whose channel (`channel_of`) is `channel` now: the hinted one if it
/// still is, else the first found by the search.
#[inline]
fn owner(hint: Option<usize>, channel: ChannelId, count: usize, channel_of: impl Fn(usize) -> Option<ChannelId>) -> Option<usize> {
    let on = |i: &usize| channel_of(*i) == Some(channel);
    hint.filter(|i| *i < count && on(i)).or_else(|| (0..count).find(on))
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
