use std::fmt;

use crate::account::AccountId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    UnknownAccount(AccountId),
    InvalidAmount(i64),
    InsufficientFunds { account: AccountId, balance: i64, requested: i64 },
    AccountExists(AccountId),
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerError::UnknownAccount(id) => write!(f, "unknown account {id}"),
            LedgerError::InvalidAmount(amount) => {
                write!(f, "invalid amount {amount}: amounts must be positive")
            }
            LedgerError::InsufficientFunds { account, balance, requested } => write!(
                f,
                "account {account} holds {balance} cents and cannot cover {requested}"
            ),
            LedgerError::AccountExists(id) => write!(f, "account {id} already exists"),
        }
    }
}

impl std::error::Error for LedgerError {}
