//! Reading the values WordPress keeps PHP-serialized in its database (`maybe_serialize`): the
//! roles option and a user's capabilities. Only the plain forms (`N;`, `b:`, `i:`, `d:`,
//! `s:LEN:"…";`, `a:N:{…}`); an object or anything malformed is `None` (root then says what
//! it could not read). Depth and size are capped.

/// A PHP value as `serialize()` writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
    Array(Vec<(Value, Value)>),
}

const MAX_DEPTH: usize = 16;
const MAX_ITEMS: usize = 100_000;

impl Value {
    /// PHP's truthiness of a capability's value (`true`, `1`, a non-empty string but "0").
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty() && s.as_slice() != b"0",
            Value::Array(a) => !a.is_empty(),
        }
    }

    /// An array's value under a string key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Array(a) => a.iter().find(|(k, _)| k.key_is(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// An array's entries with their keys as text (integer keys as digits).
    pub fn entries(&self) -> impl Iterator<Item = (String, &Value)> {
        let items: &[(Value, Value)] = match self {
            Value::Array(a) => a,
            _ => &[],
        };
        items.iter().filter_map(|(k, v)| k.key_text().map(|k| (k, v)))
    }

    fn key_is(&self, key: &str) -> bool {
        matches!(self, Value::Str(s) if s.as_slice() == key.as_bytes())
    }

    fn key_text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(String::from_utf8_lossy(s).into_owned()),
            Value::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }
}

/// The value `text` holds, when all of it is one serialized value.
pub fn parse(text: &[u8]) -> Option<Value> {
    let mut p = Parser { s: text, at: 0, items: 0 };
    let v = p.value(0)?;
    (p.at == text.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
    items: usize,
}

impl Parser<'_> {
    fn value(&mut self, depth: usize) -> Option<Value> {
        self.items += 1;
        if depth > MAX_DEPTH || self.items > MAX_ITEMS {
            return None;
        }
        let kind = *self.s.get(self.at)?;
        if kind == b'N' {
            self.expect(b"N;")?;
            return Some(Value::Null);
        }
        self.at += 1;
        self.expect(b":")?;
        match kind {
            b'b' => {
                let n = self.until(b';')?;
                match n {
                    b"0" => Some(Value::Bool(false)),
                    b"1" => Some(Value::Bool(true)),
                    _ => None,
                }
            }
            b'i' => std::str::from_utf8(self.until(b';')?).ok()?.parse().ok().map(Value::Int),
            b'd' => std::str::from_utf8(self.until(b';')?).ok()?.parse().ok().map(Value::Float),
            b's' => {
                let len: usize = std::str::from_utf8(self.until(b':')?).ok()?.parse().ok()?;
                self.expect(b"\"")?;
                let end = self.at.checked_add(len)?;
                let bytes = self.s.get(self.at..end)?.to_vec();
                self.at = end;
                self.expect(b"\";")?;
                Some(Value::Str(bytes))
            }
            b'a' => {
                let n: usize = std::str::from_utf8(self.until(b':')?).ok()?.parse().ok()?;
                if n > MAX_ITEMS {
                    return None;
                }
                self.expect(b"{")?;
                let mut items = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    let k = self.value(depth + 1)?;
                    if !matches!(k, Value::Int(_) | Value::Str(_)) {
                        return None;
                    }
                    let v = self.value(depth + 1)?;
                    items.push((k, v));
                }
                self.expect(b"}")?;
                Some(Value::Array(items))
            }
            _ => None,
        }
    }

    fn expect(&mut self, lit: &[u8]) -> Option<()> {
        let end = self.at.checked_add(lit.len())?;
        (self.s.get(self.at..end)? == lit).then(|| self.at = end)
    }

    /// The bytes up to `stop` (consumed too).
    fn until(&mut self, stop: u8) -> Option<&[u8]> {
        let rest = self.s.get(self.at..)?;
        let n = rest.iter().take(32).position(|&b| b == stop)?;
        self.at += n + 1;
        Some(&rest[..n])
    }
}

#[cfg(test)]
mod tests;
