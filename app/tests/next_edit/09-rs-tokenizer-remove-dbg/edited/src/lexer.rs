#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Number(f64),
    Ident(String),
    Op(char),
    LParen,
    RParen,
}

pub fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() || c == '.' {
            let mut end = start;
            while let Some(&(i, d)) = chars.peek() {
                if d.is_ascii_digit() || d == '.' {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let text = &src[start..end];
            dbg!(text);
            let value = text
                .parse::<f64>()
                .map_err(|e| format!("bad number {:?} at {}: {}", text, start, e))?;
            tokens.push(Token::Number(value));
        } else if c.is_alphabetic() || c == '_' {
            let mut end = start;
            while let Some(&(i, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '_' {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token::Ident(src[start..end].to_string()));
        } else {
            chars.next();
            let token = match c {
                '(' => Token::LParen,
                ')' => Token::RParen,
                '+' | '-' | '*' | '/' | '^' => Token::Op(c),
                other => return Err(format!("unexpected {:?} at {}", other, start)),
            };
            dbg!(&token);
            tokens.push(token);
        }
    }
    dbg!(&tokens);
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_expression() {
        let tokens = tokenize("2 * (x + 1.5)").unwrap();
        assert_eq!(tokens.len(), 7);
        assert_eq!(tokens[0], Token::Number(2.0));
        assert_eq!(tokens[3], Token::Ident("x".into()));
    }
}
