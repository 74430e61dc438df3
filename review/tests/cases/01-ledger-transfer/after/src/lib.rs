//! A small in-memory ledger: accounts, balances in cents, and a history of
//! every movement.

pub mod account;
pub mod error;
pub mod ledger;

pub use account::{Account, AccountId};
pub use error::LedgerError;
pub use ledger::{Entry, Ledger};
