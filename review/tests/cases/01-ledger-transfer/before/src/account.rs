use std::fmt;

use crate::error::LedgerError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(pub u32);

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:04}", self.0)
    }
}

/// An account balance, kept in cents to avoid floating-point rounding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    id: AccountId,
    owner: String,
    balance: i64,
}

impl Account {
    pub fn new(id: AccountId, owner: impl Into<String>) -> Self {
        Account { id, owner: owner.into(), balance: 0 }
    }

    pub fn id(&self) -> AccountId {
        self.id
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    pub fn balance(&self) -> i64 {
        self.balance
    }

    /// Adds `amount` cents and returns the new balance.
    pub fn deposit(&mut self, amount: i64) -> Result<i64, LedgerError> {
        if amount <= 0 {
            return Err(LedgerError::InvalidAmount(amount));
        }
        self.balance += amount;
        Ok(self.balance)
    }

    /// Removes `amount` cents and returns the new balance. The balance never
    /// goes below zero.
    pub fn withdraw(&mut self, amount: i64) -> Result<i64, LedgerError> {
        if amount <= 0 {
            return Err(LedgerError::InvalidAmount(amount));
        }
        if amount > self.balance {
            return Err(LedgerError::InsufficientFunds {
                account: self.id,
                balance: self.balance,
                requested: amount,
            });
        }
        self.balance -= amount;
        Ok(self.balance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deposit_then_withdraw() {
        let mut acc = Account::new(AccountId(1), "ada");
        acc.deposit(500).unwrap();
        assert_eq!(acc.withdraw(200).unwrap(), 300);
    }

    #[test]
    fn overdraft_is_rejected() {
        let mut acc = Account::new(AccountId(2), "bob");
        acc.deposit(100).unwrap();
        assert!(matches!(acc.withdraw(101), Err(LedgerError::InsufficientFunds { .. })));
        assert_eq!(acc.balance(), 100);
    }

    #[test]
    fn zero_deposit_is_rejected() {
        let mut acc = Account::new(AccountId(3), "cy");
        assert_eq!(acc.deposit(0), Err(LedgerError::InvalidAmount(0)));
    }
}
