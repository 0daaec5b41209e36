//! The attributes a credential commits to: the ID card's fields, derived `age_over_NN` flags
//! and namespaced extras.
//!
//! ```cddl
//! attribute-id = std-attribute / age-over / extra-name
//! std-attribute = 1..9        ; full_name, sex, ethnicity, birth_date, address, id_number,
//!                             ; issuing_authority, card_validity, portrait
//! age-over = -150..-1         ; -NN is age_over_NN
//! extra-name = tstr           ; "namespace/name", lowercase [a-z0-9_.-], one '/'
//! date = uint                 ; YYYYMMDD, a valid calendar date 1900..2199
//! ```
//!
//! | id | name | value |
//! |---|---|---|
//! | 1 | `full_name` | tstr |
//! | 2 | `sex` | uint: 1 male, 2 female (GB/T 2261.1) |
//! | 3 | `ethnicity` | uint: GB 3304 code 1–56, or 97, 98 |
//! | 4 | `birth_date` | date |
//! | 5 | `address` | tstr |
//! | 6 | `id_number` | tstr: 18 characters, ISO 7064 MOD 11-2 check character |
//! | 7 | `issuing_authority` | tstr |
//! | 8 | `card_validity` | `[from: date, until: date / null]` (null: long-term, 长期) |
//! | 9 | `portrait` | bstr: JPEG |
//! | -NN | `age_over_NN` | bool |
//! | tstr | extra | tstr / int / bool / bstr |

use crate::cbor::{Decoder, Encoder};
use crate::error::{Error, Result};
use crate::limits;
use crate::time::Date;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// Identifies one attribute.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum AttributeId<'a> {
    /// Full name (姓名).
    FullName,
    /// Sex (性别).
    Sex,
    /// Ethnicity (民族).
    Ethnicity,
    /// Birth date (出生).
    BirthDate,
    /// Address (住址).
    Address,
    /// Citizen ID number (公民身份号码).
    IdNumber,
    /// Issuing authority (签发机关).
    IssuingAuthority,
    /// Card validity period (有效期限).
    CardValidity,
    /// Portrait photo (JPEG).
    Portrait,
    /// "At least NN years old" on the day of issuance.
    AgeOver(u8),
    /// A namespaced extra attribute, `namespace/name`.
    Extra(Cow<'a, str>),
}

const STD_NAMES: [&str; 9] = [
    "full_name",
    "sex",
    "ethnicity",
    "birth_date",
    "address",
    "id_number",
    "issuing_authority",
    "card_validity",
    "portrait",
];

impl<'a> AttributeId<'a> {
    /// The standard attributes, in identifier order.
    pub const STANDARD: [AttributeId<'static>; 9] = [
        AttributeId::FullName,
        AttributeId::Sex,
        AttributeId::Ethnicity,
        AttributeId::BirthDate,
        AttributeId::Address,
        AttributeId::IdNumber,
        AttributeId::IssuingAuthority,
        AttributeId::CardValidity,
        AttributeId::Portrait,
    ];

    fn std_index(&self) -> Option<usize> {
        Some(match self {
            AttributeId::FullName => 0,
            AttributeId::Sex => 1,
            AttributeId::Ethnicity => 2,
            AttributeId::BirthDate => 3,
            AttributeId::Address => 4,
            AttributeId::IdNumber => 5,
            AttributeId::IssuingAuthority => 6,
            AttributeId::CardValidity => 7,
            AttributeId::Portrait => 8,
            _ => return None,
        })
    }

    /// Parses the attribute's name: `full_name`, …, `age_over_18`, or `namespace/name`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a name that is none of these.
    pub fn parse(name: &str) -> Result<AttributeId<'static>> {
        if let Some(i) = STD_NAMES.iter().position(|n| *n == name) {
            return Ok(AttributeId::STANDARD[i].clone());
        }
        if let Some(nn) = name.strip_prefix("age_over_") {
            let n: u8 = nn
                .parse()
                .map_err(|_| Error::InvalidArgument("attribute name"))?;
            if n == 0 || n > limits::MAX_AGE_THRESHOLD || nn.starts_with('0') {
                return Err(Error::InvalidArgument("attribute name"));
            }
            return Ok(AttributeId::AgeOver(n));
        }
        if valid_extra_name(name) {
            return Ok(AttributeId::Extra(Cow::Owned(String::from(name))));
        }
        Err(Error::InvalidArgument("attribute name"))
    }

    /// The attribute's name as [`AttributeId::parse`] accepts it.
    pub fn name(&self) -> Cow<'_, str> {
        match self {
            AttributeId::AgeOver(n) => Cow::Owned(alloc::format!("age_over_{n}")),
            AttributeId::Extra(s) => Cow::Borrowed(s),
            other => Cow::Borrowed(STD_NAMES[other.std_index().unwrap_or(0)]),
        }
    }

    /// An owned copy with a `'static` lifetime.
    pub fn into_owned(self) -> AttributeId<'static> {
        match self {
            AttributeId::Extra(s) => AttributeId::Extra(Cow::Owned(s.into_owned())),
            AttributeId::AgeOver(n) => AttributeId::AgeOver(n),
            other => AttributeId::STANDARD[other.std_index().unwrap_or(0)].clone(),
        }
    }

    /// Whether this identifier has a wire form decoders accept: `age_over_NN` with
    /// 1 ≤ NN ≤ 150, and extra names of the form `namespace/name`.
    pub fn is_valid(&self) -> bool {
        match self {
            AttributeId::AgeOver(n) => (1..=limits::MAX_AGE_THRESHOLD).contains(n),
            AttributeId::Extra(name) => valid_extra_name(name),
            _ => true,
        }
    }

    /// Whether `self` and `other` name the same attribute.
    pub fn same(&self, other: &AttributeId<'_>) -> bool {
        match (self, other) {
            (AttributeId::Extra(a), AttributeId::Extra(b)) => a == b,
            (AttributeId::AgeOver(a), AttributeId::AgeOver(b)) => a == b,
            (a, b) => a.std_index().is_some() && a.std_index() == b.std_index(),
        }
    }

    /// Writes the attribute identifier.
    pub fn encode(&self, e: &mut Encoder) {
        match self {
            AttributeId::AgeOver(n) => {
                e.int(-i64::from(*n));
            }
            AttributeId::Extra(s) => {
                e.text(s);
            }
            other => {
                e.uint(other.std_index().unwrap_or(0) as u64 + 1);
            }
        }
    }

    /// Reads an attribute identifier, borrowing extra names from the input.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for an identifier outside the table.
    pub fn decode(d: &mut Decoder<'a>) -> Result<AttributeId<'a>> {
        if d.peek_major()? == 3 {
            let s = d.text()?;
            if !valid_extra_name(s) {
                return Err(Error::Malformed("extra attribute name"));
            }
            return Ok(AttributeId::Extra(Cow::Borrowed(s)));
        }
        match d.int()? {
            n @ 1..=9 => Ok(AttributeId::STANDARD[(n - 1) as usize].clone()),
            n @ -150..=-1 => Ok(AttributeId::AgeOver((-n) as u8)),
            _ => Err(Error::Malformed("attribute id")),
        }
    }
}

impl core::fmt::Display for AttributeId<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.name())
    }
}

fn valid_extra_name(s: &str) -> bool {
    let ok_char =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-');
    match s.split_once('/') {
        Some((ns, name)) => {
            s.len() <= limits::MAX_TEXT_LEN
                && !ns.is_empty()
                && !name.is_empty()
                && ns.chars().all(ok_char)
                && name.chars().all(ok_char)
        }
        None => false,
    }
}

/// Sex as recorded on the card (GB/T 2261.1 codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// 男, code 1.
    Male,
    /// 女, code 2.
    Female,
}

impl Sex {
    /// The GB/T 2261.1 code.
    pub fn code(self) -> u8 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
        }
    }
}

/// The card's validity period; `until` is `None` for a long-term (长期) card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CardValidity {
    /// First day of validity.
    pub from: Date,
    /// Last day of validity, or `None` for long-term.
    pub until: Option<Date>,
}

/// Whether `ethnicity` is a GB 3304 code the format accepts (1–56, 97, 98).
pub fn valid_ethnicity(code: u64) -> bool {
    matches!(code, 1..=56 | 97 | 98)
}

/// Whether `id` is an 18-character citizen ID number with a correct ISO 7064 MOD 11-2 check
/// character (GB 11643).
pub fn valid_id_number(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    b[17] == CHECK[(sum % 11) as usize]
}

/// The typed value of a disclosed attribute, borrowed from the presentation.
///
/// `Debug` names the variant only: values are personal data and never reach logs that way.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttributeValue<'a> {
    /// A text value (`full_name`, `address`, `id_number`, `issuing_authority`, extras).
    Text(&'a str),
    /// `sex`.
    Sex(Sex),
    /// `ethnicity` (GB 3304 code).
    Ethnicity(u8),
    /// `birth_date`.
    Date(Date),
    /// `card_validity`.
    CardValidity(CardValidity),
    /// `portrait` (JPEG bytes).
    Portrait(&'a [u8]),
    /// `age_over_NN` or a boolean extra.
    Bool(bool),
    /// An integer extra.
    Int(i64),
    /// A byte-string extra.
    Bytes(&'a [u8]),
}

impl core::fmt::Debug for AttributeValue<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let variant = match self {
            AttributeValue::Text(_) => "Text",
            AttributeValue::Sex(_) => "Sex",
            AttributeValue::Ethnicity(_) => "Ethnicity",
            AttributeValue::Date(_) => "Date",
            AttributeValue::CardValidity(_) => "CardValidity",
            AttributeValue::Portrait(_) => "Portrait",
            AttributeValue::Bool(_) => "Bool",
            AttributeValue::Int(_) => "Int",
            AttributeValue::Bytes(_) => "Bytes",
        };
        write!(f, "{variant}(..)")
    }
}

impl<'a> AttributeValue<'a> {
    /// Reads the value of attribute `id`, checking its type and range.
    ///
    /// # Errors
    ///
    /// [`Error::Malformed`] for a value of the wrong type or out of range;
    /// [`Error::TooLarge`] beyond [`limits`].
    pub fn decode(id: &AttributeId<'_>, d: &mut Decoder<'a>) -> Result<AttributeValue<'a>> {
        let bad = Error::Malformed("attribute value");
        Ok(match id {
            AttributeId::FullName | AttributeId::Address | AttributeId::IssuingAuthority => {
                let s = d.text()?;
                if s.len() > limits::MAX_TEXT_LEN {
                    return Err(Error::TooLarge("attribute text"));
                }
                if s.is_empty() {
                    return Err(bad);
                }
                AttributeValue::Text(s)
            }
            AttributeId::IdNumber => {
                let s = d.text()?;
                if !valid_id_number(s) {
                    return Err(bad);
                }
                AttributeValue::Text(s)
            }
            AttributeId::Sex => match d.uint()? {
                1 => AttributeValue::Sex(Sex::Male),
                2 => AttributeValue::Sex(Sex::Female),
                _ => return Err(bad),
            },
            AttributeId::Ethnicity => {
                let c = d.uint()?;
                if !valid_ethnicity(c) {
                    return Err(bad);
                }
                AttributeValue::Ethnicity(c as u8)
            }
            AttributeId::BirthDate => AttributeValue::Date(decode_date(d)?),
            AttributeId::CardValidity => {
                d.array_of(2)?;
                let from = decode_date(d)?;
                let until = if d.null()? {
                    None
                } else {
                    Some(decode_date(d)?)
                };
                if until.is_some_and(|u| u < from) {
                    return Err(bad);
                }
                AttributeValue::CardValidity(CardValidity { from, until })
            }
            AttributeId::Portrait => {
                let b = d.bytes()?;
                if b.len() > limits::MAX_PORTRAIT_LEN {
                    return Err(Error::TooLarge("portrait"));
                }
                if !b.starts_with(&[0xff, 0xd8, 0xff]) {
                    return Err(bad);
                }
                AttributeValue::Portrait(b)
            }
            AttributeId::AgeOver(_) => AttributeValue::Bool(d.bool()?),
            AttributeId::Extra(_) => match d.peek_major()? {
                0 | 1 => AttributeValue::Int(d.int()?),
                2 => {
                    let b = d.bytes()?;
                    if b.len() > limits::MAX_EXTRA_BYTES_LEN {
                        return Err(Error::TooLarge("extra attribute"));
                    }
                    AttributeValue::Bytes(b)
                }
                3 => {
                    let s = d.text()?;
                    if s.len() > limits::MAX_TEXT_LEN {
                        return Err(Error::TooLarge("attribute text"));
                    }
                    AttributeValue::Text(s)
                }
                _ => AttributeValue::Bool(d.bool()?),
            },
        })
    }

    /// Writes the value.
    pub fn encode(&self, e: &mut Encoder) {
        match self {
            AttributeValue::Text(s) => {
                e.text(s);
            }
            AttributeValue::Sex(s) => {
                e.uint(s.code().into());
            }
            AttributeValue::Ethnicity(c) => {
                e.uint((*c).into());
            }
            AttributeValue::Date(d) => {
                e.uint(d.to_yyyymmdd().into());
            }
            AttributeValue::CardValidity(v) => {
                e.array(2).uint(v.from.to_yyyymmdd().into());
                match v.until {
                    Some(u) => e.uint(u.to_yyyymmdd().into()),
                    None => e.null(),
                };
            }
            AttributeValue::Portrait(b) | AttributeValue::Bytes(b) => {
                e.bytes(b);
            }
            AttributeValue::Bool(b) => {
                e.bool(*b);
            }
            AttributeValue::Int(i) => {
                e.int(*i);
            }
        }
    }

    /// Checks that this value has the type and range attribute `id` requires, by encoding it
    /// and decoding it back with the verifier's rules.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when it does not.
    pub fn check_for(&self, id: &AttributeId<'_>) -> Result<()> {
        let mut e = Encoder::new();
        self.encode(&mut e);
        let bytes = e.into_bytes();
        let mut d = Decoder::new(&bytes, "attribute value");
        match AttributeValue::decode(id, &mut d).and_then(|_| d.finish()) {
            Ok(()) => Ok(()),
            Err(_) => Err(Error::InvalidArgument("attribute value")),
        }
    }
}

fn decode_date(d: &mut Decoder<'_>) -> Result<Date> {
    Date::from_yyyymmdd(d.uint()?).map_err(|_| Error::Malformed("date"))
}

/// What the authority knows about a person, from the card's chip data: the input to
/// [`crate::Issuer::issue`].
///
/// `Debug` prints no field values: these are personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonRecord {
    /// Full name.
    pub full_name: String,
    /// Sex.
    pub sex: Sex,
    /// Ethnicity (GB 3304 code).
    pub ethnicity: u8,
    /// Birth date.
    pub birth_date: Date,
    /// Address.
    pub address: String,
    /// Citizen ID number.
    pub id_number: String,
    /// Issuing authority.
    pub issuing_authority: String,
    /// Card validity period.
    pub card_validity: CardValidity,
    /// Portrait (JPEG), if the credential should carry one.
    pub portrait: Option<Vec<u8>>,
    /// Extra attributes: `namespace/name` and value.
    pub extras: Vec<(String, ExtraValue)>,
}

/// The value of an extra attribute, owned.
///
/// `Debug` names the variant only.
#[derive(Clone, PartialEq, Eq)]
pub enum ExtraValue {
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Boolean.
    Bool(bool),
    /// Bytes.
    Bytes(Vec<u8>),
}

impl core::fmt::Debug for ExtraValue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ExtraValue::Text(_) => "Text(..)",
            ExtraValue::Int(_) => "Int(..)",
            ExtraValue::Bool(_) => "Bool(..)",
            ExtraValue::Bytes(_) => "Bytes(..)",
        })
    }
}

impl core::fmt::Debug for PersonRecord {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PersonRecord { .. personal data hidden .. }")
    }
}

impl PersonRecord {
    /// Every attribute of the record with its value, standard ones first, then the
    /// `age_over_NN` flags for `thresholds` as of `today`, then the extras.
    pub fn attributes(
        &self,
        thresholds: &[u8],
        today: Date,
    ) -> Vec<(AttributeId<'_>, AttributeValue<'_>)> {
        let mut out = Vec::with_capacity(9 + thresholds.len() + self.extras.len());
        out.push((AttributeId::FullName, AttributeValue::Text(&self.full_name)));
        out.push((AttributeId::Sex, AttributeValue::Sex(self.sex)));
        out.push((
            AttributeId::Ethnicity,
            AttributeValue::Ethnicity(self.ethnicity),
        ));
        out.push((
            AttributeId::BirthDate,
            AttributeValue::Date(self.birth_date),
        ));
        out.push((AttributeId::Address, AttributeValue::Text(&self.address)));
        out.push((AttributeId::IdNumber, AttributeValue::Text(&self.id_number)));
        out.push((
            AttributeId::IssuingAuthority,
            AttributeValue::Text(&self.issuing_authority),
        ));
        out.push((
            AttributeId::CardValidity,
            AttributeValue::CardValidity(self.card_validity),
        ));
        if let Some(p) = &self.portrait {
            out.push((AttributeId::Portrait, AttributeValue::Portrait(p)));
        }
        let age = self.birth_date.years_until(today);
        for &nn in thresholds {
            out.push((
                AttributeId::AgeOver(nn),
                AttributeValue::Bool(age >= u32::from(nn)),
            ));
        }
        for (name, v) in &self.extras {
            let value = match v {
                ExtraValue::Text(s) => AttributeValue::Text(s),
                ExtraValue::Int(i) => AttributeValue::Int(*i),
                ExtraValue::Bool(b) => AttributeValue::Bool(*b),
                ExtraValue::Bytes(b) => AttributeValue::Bytes(b),
            };
            out.push((AttributeId::Extra(Cow::Borrowed(name)), value));
        }
        out
    }

    /// Checks every field against the format's rules, including that the ID number's embedded
    /// birth date equals `birth_date`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] naming the first field that fails.
    pub fn validate(&self) -> Result<()> {
        for (id, value) in self.attributes(&[], self.birth_date) {
            value.check_for(&id)?;
            if let AttributeId::Extra(name) = &id
                && !valid_extra_name(name)
            {
                return Err(Error::InvalidArgument("extra attribute name"));
            }
        }
        let embedded = self
            .id_number
            .get(6..14)
            .and_then(|s| s.parse::<u64>().ok());
        if embedded != Some(u64::from(self.birth_date.to_yyyymmdd())) {
            return Err(Error::InvalidArgument(
                "id number does not match birth date",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_number_check_character() {
        assert!(valid_id_number("11010519491231002X"));
        assert!(valid_id_number("440524188001010014"));
        assert!(!valid_id_number("110105194912310021"));
        assert!(!valid_id_number("11010519491231002"));
        assert!(!valid_id_number("1101051949123100２X"));
    }

    #[test]
    fn names_round_trip() {
        for n in [
            "full_name",
            "portrait",
            "age_over_18",
            "age_over_60",
            "org.example/member_tier",
        ] {
            assert_eq!(AttributeId::parse(n).unwrap().name(), n);
        }
        for n in [
            "age_over_0",
            "age_over_018",
            "age_over_151",
            "Full_Name",
            "x/",
            "/y",
            "a/b/c",
            "a b/c",
        ] {
            assert!(AttributeId::parse(n).is_err(), "{n}");
        }
    }

    #[test]
    fn ids_encode_compactly_and_decode_back() {
        for (id, want) in [
            (AttributeId::FullName, &[0x01][..]),
            (AttributeId::Portrait, &[0x09]),
            (AttributeId::AgeOver(18), &[0x31]),
        ] {
            let mut e = Encoder::new();
            id.encode(&mut e);
            assert_eq!(e.as_bytes(), want);
            let mut d = Decoder::new(want, "t");
            assert_eq!(AttributeId::decode(&mut d).unwrap(), id);
        }
        for bad in [&[0x00][..], &[0x0a], &[0x38, 0x96]] {
            assert!(AttributeId::decode(&mut Decoder::new(bad, "t")).is_err());
        }
    }
}
