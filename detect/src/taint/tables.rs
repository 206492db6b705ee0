//! Known arrays and strings: the elements kept of an array a file builds, and what an index
//! into a known string or array reads.

use super::*;

/// An array literal: its elements' labels; single characters count as assembly pieces
/// (`implode('', ['a','s','s','e','r','t'])`).
/// Known elements of an array: key, value (both as PHP would print them).
pub(super) type Table = std::rc::Rc<Vec<(Vec<u8>, Vec<u8>)>>;
/// Most elements kept of one array, and longest element kept.
pub(super) const MAX_TABLE: usize = 512;
/// Elements kept in all the tables of one file (`An::table_budget`).
pub(super) const MAX_TABLE_ENTRIES: usize = 8 * MAX_TABLE;
pub(super) const MAX_ELEMENT: usize = 32;
/// Longest element kept when it is a path through a stream wrapper (`zip://…#…`, `phar://…`,
/// `data:…`, `http://…`): what an include of the element runs is told by it whole (a loader
/// keeps its archive's path in a table of escaped strings, `include $W[2];`).
const MAX_WRAPPED_PATH: usize = 256;

/// Whether an element's value is kept in its array's table.
pub(super) fn kept_element(value: &[u8]) -> bool {
    const WRAPPERS: [&[u8]; 7] = [b"zip://", b"phar://", b"data:", b"php://", b"http://", b"https://", b"ftp://"];
    value.len() <= MAX_ELEMENT
        || (value.len() <= MAX_WRAPPED_PATH
            && WRAPPERS.iter().any(|w| value.get(..w.len()).is_some_and(|h| h.eq_ignore_ascii_case(w))))
}

pub(super) fn table_put(table: &mut Vec<(Vec<u8>, Vec<u8>)>, key: Vec<u8>, v: &Val<'_>) {
    if let Some(l) = v.lit.as_ref().filter(|l| kept_element(l))
        && table.len() < MAX_TABLE
    {
        table.push((key, l.to_vec()));
    } else if let Some(sub) = &v.arr {
        // An array in an array: its elements under `key NUL subkey`.
        for (k, x) in sub.iter().take(MAX_TABLE.saturating_sub(table.len())) {
            let mut path = key.clone();
            path.push(0);
            path.extend_from_slice(k);
            table.push((path, x.clone()));
        }
    }
}

/// `$v[key]`: a character of a known string, an element of a known array (or the array
/// inside it), or an unknown value with the container's marks.
pub(super) fn element<'t>(v: &Val<'t>, key: Option<&[u8]>, curly: bool) -> Val<'t> {
    let index = key.and_then(parse_num);
    let at = v.lit.as_deref().map(|t| char_at(t, index));
    element_of(v, key, index, at, curly)
}

/// The character of `text` at a literal index, when there is one.
pub(super) fn char_at(text: &[u8], index: Option<i64>) -> Option<u8> {
    index.filter(|n| *n >= 0 && (*n as usize) < text.len()).map(|n| text[n as usize])
}

/// `element`, given the container's text only as what indexing needs (`at`: whether it has a
/// known text, and its character at the index): a variable holding a long text is indexed
/// without copying it.
pub(super) fn element_of<'t>(
    v: &Val<'t>,
    key: Option<&[u8]>,
    index: Option<i64>,
    at: Option<Option<u8>>,
    curly: bool,
) -> Val<'t> {
    let found = match (&v.arr, key) {
        (Some(t), Some(k)) => table_get(t, k).map(<[u8]>::to_vec),
        _ => None,
    };
    let inner = match (&v.arr, key, &found) {
        (Some(t), Some(k), None) => {
            let sub: Vec<(Vec<u8>, Vec<u8>)> = t
                .iter()
                .filter(|(p, _)| p.len() > k.len() && p.starts_with(k) && p[k.len()] == 0)
                .map(|(p, x)| (p[k.len() + 1..].to_vec(), x.clone()))
                .collect();
            (!sub.is_empty()).then(|| Table::new(sub))
        }
        _ => None,
    };
    let piece = found.as_ref().is_some_and(|e| e.len() <= 4);
    let ch = match at {
        Some(Some(c)) => Some(vec![c]),
        _ => found,
    };
    // A character lookup: in a known string, or with the string-offset braces `$s{17}`.
    let numeric = index.is_some();
    let char_lookup = (numeric && (at.is_some() || curly)) || piece;
    // An unknown one of a table of PHP files' names is a PHP file's name (fresh118's deployer
    // picks `index.php`, `auth.php`… at random).
    let php_table = ch.is_none()
        && inner.is_none()
        && v.arr.as_ref().is_some_and(|t| {
            (1..=MAX_NAME_TABLE).contains(&t.len())
                && t.iter().all(|(_, x)| x.len() >= 5 && x[x.len() - 4..].eq_ignore_ascii_case(b".php"))
        });
    let labels = v.labels & !(FIXED_HEAD | OPERATED | PHP_NAME) | if php_table { PHP_NAME } else { 0 };
    Val { labels, lit: ch.map(Cow::Owned), atoms: u16::from(char_lookup), arr: inner, ..Val::default() }
}

/// The longest table whose unknown element is read as one of its names (a few file names; a
/// packer's table of thousands is read often and never all PHP names).
const MAX_NAME_TABLE: usize = 32;

pub(super) fn table_get<'x>(table: &'x [(Vec<u8>, Vec<u8>)], key: &[u8]) -> Option<&'x [u8]> {
    // The last one with the key wins, as in PHP.
    table.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_slice())
}

/// An array literal's elements, folded as they are read (none is kept: a file of huge
/// literal tables costs no allocation per element): their labels; single characters count as
/// assembly pieces (`implode('', ['a','s','s','e','r','t'])`).
#[derive(Default)]
pub(super) struct ArrayFold {
    pub(super) labels: Labels,
    pub(super) chars: usize,
    pub(super) len: usize,
}

impl ArrayFold {
    pub(super) fn add(&mut self, x: &Val<'_>) {
        self.labels |= x.labels & !(FIXED_HEAD | OPERATED);
        if x.lit.as_ref().is_some_and(|l| l.len() == 1 && (l[0].is_ascii_alphabetic() || l[0] == b'_')) {
            self.chars += 1;
        }
        self.len += 1;
    }
    pub(super) fn val<'t>(&self) -> Val<'t> {
        let mut v = Val { labels: self.labels, ..Val::default() };
        if self.chars >= 3 && self.chars * 2 >= self.len {
            v.labels |= ASSEMBLED;
        }
        v
    }
}
