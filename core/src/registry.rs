//! A small in-memory registry of issued credentials that drives the status list.
//!
//! The authority's real records are its own business; this registry is what examples, tests
//! and small deployments need to act the lifecycle out. It maps a person to the credentials
//! issued to them (one status-list index each, with the app and generation) and turns the
//! lifecycle events into status changes:
//!
//! | event | effect |
//! |---|---|
//! | [`Registry::new_generation`] (activation on a new phone) | older generations of the same (person, app) become superseded |
//! | [`Registry::reissue_with_card`] (re-issue at a terminal with the card) | every older credential of the person becomes superseded |
//! | [`Registry::freeze`] / [`Registry::unfreeze`] | suspended ↔ good |
//! | [`Registry::cancel`] | revoked |
//! | [`Registry::report_lost_card`] | every credential of the person not already superseded becomes revoked |
//!
//! Revoked and superseded are final: no event makes such a credential good again.

use crate::credential::StatusRef;
use crate::crypto::{DeviceSigner, sha256};
use crate::error::{Error, Result};
use crate::status::{CredentialStatus, StatusListBuilder};
use alloc::string::String;
use alloc::vec::Vec;

/// How the registry identifies a person: SHA-256 of the citizen ID number, so the registry
/// itself holds no ID numbers. `Debug` hides it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonKey([u8; 32]);

impl PersonKey {
    /// The key of the person with citizen ID number `id_number`.
    pub fn from_id_number(id_number: &str) -> PersonKey {
        PersonKey(sha256(&[
            b"wangzheng person key v1\0",
            id_number.as_bytes(),
        ]))
    }

    /// The key's bytes (not an ID number; still the authority's data).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl core::fmt::Debug for PersonKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PersonKey(..)")
    }
}

/// One issued credential as the registry records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Whose credential it is.
    pub person: PersonKey,
    /// The app (wallet) it was issued to, e.g. a bundle identifier.
    pub app: String,
    /// Its generation within (person, app).
    pub generation: u64,
    /// Its status-list entry.
    pub status: StatusRef,
    /// Its current state.
    pub state: CredentialStatus,
}

/// What the issuer puts into [`crate::IssueOptions`] for a newly registered credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enrollment {
    /// The credential's generation.
    pub generation: u64,
    /// Its status-list entry.
    pub status: StatusRef,
}

/// The registry: records and the status list they drive.
#[derive(Debug, Clone)]
pub struct Registry {
    records: Vec<Record>,
    list: StatusListBuilder,
}

impl Registry {
    /// An empty registry publishing status list `list_id` with room for `capacity` credentials.
    ///
    /// # Errors
    ///
    /// As [`StatusListBuilder::new`].
    pub fn new(list_id: u32, capacity: u32) -> Result<Registry> {
        Ok(Registry {
            records: Vec::new(),
            list: StatusListBuilder::new(list_id, capacity)?,
        })
    }

    /// Every record, in issuance order (the index order).
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The records of one person.
    pub fn records_of(&self, person: &PersonKey) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(move |r| &r.person == person)
    }

    /// The record for status entry `index`.
    pub fn record(&self, index: u32) -> Option<&Record> {
        self.records.get(index as usize)
    }

    fn enroll(&mut self, person: PersonKey, app: &str) -> Result<Enrollment> {
        let index = u32::try_from(self.records.len())
            .map_err(|_| Error::InvalidArgument("registry full"))?;
        if index >= self.list.len() {
            return Err(Error::InvalidArgument("registry full"));
        }
        let generation = self
            .records_of(&person)
            .filter(|r| r.app == app)
            .map(|r| r.generation)
            .max()
            .unwrap_or(0)
            + 1;
        let status = StatusRef {
            list: self.list.list_id(),
            index,
        };
        self.records.push(Record {
            person,
            app: String::from(app),
            generation,
            status,
            state: CredentialStatus::Good,
        });
        Ok(Enrollment { generation, status })
    }

    fn set(&mut self, index: usize, state: CredentialStatus) -> Result<()> {
        let record = self
            .records
            .get_mut(index)
            .ok_or(Error::InvalidArgument("status index"))?;
        record.state = state;
        self.list.set(record.status.index, state)
    }

    fn final_state(state: CredentialStatus) -> bool {
        matches!(
            state,
            CredentialStatus::Revoked | CredentialStatus::Superseded
        )
    }

    /// Registers the next generation of (person, app): the first credential, or the one for a
    /// new phone. Every older generation of the same (person, app) becomes superseded.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the status list is full.
    pub fn new_generation(&mut self, person: PersonKey, app: &str) -> Result<Enrollment> {
        let older: Vec<usize> = self.indices(|r| r.person == person && r.app == app);
        let enrollment = self.enroll(person, app)?;
        self.supersede(&older)?;
        Ok(enrollment)
    }

    /// Registers a credential re-issued with the physical card: every older credential of the
    /// person, in every app, becomes superseded.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the status list is full.
    pub fn reissue_with_card(&mut self, person: PersonKey, app: &str) -> Result<Enrollment> {
        let older: Vec<usize> = self.indices(|r| r.person == person);
        let enrollment = self.enroll(person, app)?;
        self.supersede(&older)?;
        Ok(enrollment)
    }

    fn indices(&self, pred: impl Fn(&Record) -> bool) -> Vec<usize> {
        self.records
            .iter()
            .enumerate()
            .filter(|(_, r)| pred(r))
            .map(|(i, _)| i)
            .collect()
    }

    fn supersede(&mut self, indices: &[usize]) -> Result<()> {
        for &i in indices {
            if self.records[i].state != CredentialStatus::Revoked {
                self.set(i, CredentialStatus::Superseded)?;
            }
        }
        Ok(())
    }

    fn transition(
        &mut self,
        index: u32,
        from: CredentialStatus,
        to: CredentialStatus,
    ) -> Result<()> {
        let record = self
            .records
            .get(index as usize)
            .ok_or(Error::InvalidArgument("status index"))?;
        if record.state != from {
            return Err(Error::InvalidArgument(
                "credential is not in the required state",
            ));
        }
        self.set(index as usize, to)
    }

    /// Freezes a good credential.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an unknown index or a credential that is not good.
    pub fn freeze(&mut self, index: u32) -> Result<()> {
        self.transition(index, CredentialStatus::Good, CredentialStatus::Suspended)
    }

    /// Unfreezes a suspended credential.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an unknown index or a credential that is not suspended.
    pub fn unfreeze(&mut self, index: u32) -> Result<()> {
        self.transition(index, CredentialStatus::Suspended, CredentialStatus::Good)
    }

    /// Cancels (revokes) a credential that is good or suspended.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an unknown index or a credential already in a final
    /// state.
    pub fn cancel(&mut self, index: u32) -> Result<()> {
        let record = self
            .records
            .get(index as usize)
            .ok_or(Error::InvalidArgument("status index"))?;
        if Self::final_state(record.state) {
            return Err(Error::InvalidArgument("credential already final"));
        }
        self.set(index as usize, CredentialStatus::Revoked)
    }

    /// Revokes every credential of a person that is not already final (a lost-card report).
    /// Returns how many were revoked.
    ///
    /// # Errors
    ///
    /// Only on an internal inconsistency (none expected).
    pub fn report_lost_card(&mut self, person: PersonKey) -> Result<usize> {
        let live = self.indices(|r| r.person == person && !Self::final_state(r.state));
        for &i in &live {
            self.set(i, CredentialStatus::Revoked)?;
        }
        Ok(live.len())
    }

    /// The status list the registry maintains (sign it with [`crate::Issuer::sign_status_list`]).
    pub fn list(&self) -> &StatusListBuilder {
        &self.list
    }

    /// Signs the current status list.
    ///
    /// # Errors
    ///
    /// As [`StatusListBuilder::sign`].
    pub fn status_list(
        &self,
        issuer: &dyn DeviceSigner,
        issued_at: u64,
        next_update: u64,
    ) -> Result<Vec<u8>> {
        self.list.sign(issuer, issued_at, next_update)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_events_drive_the_states() {
        let mut r = Registry::new(3, 16).unwrap();
        let zhang = PersonKey::from_id_number("110101199003070011");
        let li = PersonKey::from_id_number("440301200806150026");
        let a = r.new_generation(zhang, "cn.gov.ctid").unwrap();
        let b = r.new_generation(li, "cn.gov.ctid").unwrap();
        let other_app = r.new_generation(zhang, "com.bank.app").unwrap();
        assert_eq!(
            (a.generation, a.status),
            (1, StatusRef { list: 3, index: 0 })
        );

        // Phone B: generation 2 supersedes generation 1 of the same app only.
        let a2 = r.new_generation(zhang, "cn.gov.ctid").unwrap();
        assert_eq!(a2.generation, 2);
        assert_eq!(r.record(0).unwrap().state, CredentialStatus::Superseded);
        assert_eq!(
            r.record(other_app.status.index).unwrap().state,
            CredentialStatus::Good
        );

        r.freeze(b.status.index).unwrap();
        assert!(r.freeze(b.status.index).is_err());
        r.unfreeze(b.status.index).unwrap();
        r.cancel(b.status.index).unwrap();
        assert!(r.unfreeze(b.status.index).is_err());
        assert!(r.cancel(b.status.index).is_err());

        // Lost card: every live credential of the person is revoked; superseded ones stay so.
        assert_eq!(r.report_lost_card(zhang).unwrap(), 2);
        let states: Vec<_> = r.records_of(&zhang).map(|x| x.state).collect();
        assert_eq!(
            states,
            [
                CredentialStatus::Superseded,
                CredentialStatus::Revoked,
                CredentialStatus::Revoked
            ]
        );

        // Re-issue with the card supersedes everything of the person, in every app.
        let fresh = r.reissue_with_card(li, "cn.gov.ctid").unwrap();
        assert_eq!(fresh.generation, 2);
        assert_eq!(
            r.record(fresh.status.index).unwrap().state,
            CredentialStatus::Good
        );
        assert_eq!(
            r.record(b.status.index).unwrap().state,
            CredentialStatus::Revoked
        );
    }

    #[test]
    fn the_list_is_bounded() {
        let mut r = Registry::new(1, 1).unwrap();
        let p = PersonKey::from_id_number("110101199003070011");
        r.new_generation(p, "a").unwrap();
        assert!(r.new_generation(p, "a").is_err());
        assert_eq!(
            r.records().len(),
            1,
            "a failed registration changes nothing"
        );
        assert_eq!(r.record(0).unwrap().state, CredentialStatus::Good);
    }
}
