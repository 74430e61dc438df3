use std::collections::BTreeMap;

use crate::account::{Account, AccountId};
use crate::error::LedgerError;

/// One line of the ledger's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Opened { account: AccountId },
    Deposit { account: AccountId, amount: i64 },
    Withdrawal { account: AccountId, amount: i64 },
}

#[derive(Debug, Default)]
pub struct Ledger {
    accounts: BTreeMap<AccountId, Account>,
    history: Vec<Entry>,
    next_id: u32,
}

impl Ledger {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn open(&mut self, owner: &str) -> AccountId {
        self.next_id += 1;
        let id = AccountId(self.next_id);
        self.accounts.insert(id, Account::new(id, owner));
        self.history.push(Entry::Opened { account: id });
        id
    }

    pub fn balance(&self, id: AccountId) -> Result<i64, LedgerError> {
        self.accounts
            .get(&id)
            .map(Account::balance)
            .ok_or(LedgerError::UnknownAccount(id))
    }

    pub fn deposit(&mut self, id: AccountId, amount: i64) -> Result<i64, LedgerError> {
        let account = self.account_mut(id)?;
        let balance = account.deposit(amount)?;
        self.history.push(Entry::Deposit { account: id, amount });
        Ok(balance)
    }

    pub fn withdraw(&mut self, id: AccountId, amount: i64) -> Result<i64, LedgerError> {
        let account = self.account_mut(id)?;
        let balance = account.withdraw(amount)?;
        self.history.push(Entry::Withdrawal { account: id, amount });
        Ok(balance)
    }

    pub fn history(&self) -> &[Entry] {
        &self.history
    }

    fn account_mut(&mut self, id: AccountId) -> Result<&mut Account, LedgerError> {
        self.accounts.get_mut(&id).ok_or(LedgerError::UnknownAccount(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_assigns_sequential_ids() {
        let mut ledger = Ledger::new();
        assert_eq!(ledger.open("ada"), AccountId(1));
        assert_eq!(ledger.open("bob"), AccountId(2));
    }

    #[test]
    fn history_records_every_movement() {
        let mut ledger = Ledger::new();
        let id = ledger.open("ada");
        ledger.deposit(id, 1_000).unwrap();
        ledger.withdraw(id, 250).unwrap();
        assert_eq!(
            ledger.history(),
            &[
                Entry::Opened { account: id },
                Entry::Deposit { account: id, amount: 1_000 },
                Entry::Withdrawal { account: id, amount: 250 },
            ]
        );
    }

    #[test]
    fn unknown_account_is_an_error() {
        let mut ledger = Ledger::new();
        assert_eq!(
            ledger.deposit(AccountId(9), 10),
            Err(LedgerError::UnknownAccount(AccountId(9)))
        );
    }
}
