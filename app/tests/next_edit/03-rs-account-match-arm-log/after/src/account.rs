#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Deposit(u64),
    Withdraw(u64),
    Freeze,
    Unfreeze,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    Frozen,
    InsufficientFunds { balance: u64, requested: u64 },
}

#[derive(Debug, Default)]
pub struct Account {
    balance: u64,
    frozen: bool,
}

impl Account {
    pub fn balance(&self) -> u64 {
        self.balance
    }

    pub fn apply(&mut self, cmd: Command) -> Result<(), Error> {
        match cmd {
            Command::Deposit(amount) => {
                eprintln!("account: deposit {}", amount);
                if self.frozen {
                    return Err(Error::Frozen);
                }
                self.balance += amount;
            }
            Command::Withdraw(amount) => {
                eprintln!("account: withdraw {}", amount);
                if self.frozen {
                    return Err(Error::Frozen);
                }
                if amount > self.balance {
                    return Err(Error::InsufficientFunds {
                        balance: self.balance,
                        requested: amount,
                    });
                }
                self.balance -= amount;
            }
            Command::Freeze => {
                eprintln!("account: freeze");
                self.frozen = true;
            }
            Command::Unfreeze => {
                eprintln!("account: unfreeze");
                self.frozen = false;
            }
        }
        Ok(())
    }

    pub fn replay(&mut self, commands: &[Command]) -> Vec<Error> {
        commands.iter().filter_map(|&c| self.apply(c).err()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_account_rejects_deposits() {
        let mut acc = Account::default();
        let errors = acc.replay(&[Command::Deposit(10), Command::Freeze, Command::Deposit(5)]);
        assert_eq!(errors, vec![Error::Frozen]);
        assert_eq!(acc.balance(), 10);
    }
}
