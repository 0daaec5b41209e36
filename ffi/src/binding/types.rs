//! The records and enums the bindings exchange: owned copies of the core's borrowed views.

use super::error::{Result, WangzhengError};
use wz_core::attributes::CardValidity;
use wz_core::{AttributeId, Date, ExtraValue, Level as CoreLevel, Sex as CoreSex};

/// The grade of a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Level {
    /// 轻量版: obtained online with a live face scan.
    Light,
    /// 升级版: obtained at a trusted terminal with the physical card and a credential password.
    Upgraded,
}

impl From<CoreLevel> for Level {
    fn from(l: CoreLevel) -> Level {
        match l {
            CoreLevel::Light => Level::Light,
            CoreLevel::Upgraded => Level::Upgraded,
        }
    }
}

impl From<Level> for CoreLevel {
    fn from(l: Level) -> CoreLevel {
        match l {
            Level::Light => CoreLevel::Light,
            Level::Upgraded => CoreLevel::Upgraded,
        }
    }
}

/// Sex (性别), GB/T 2261.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Sex {
    /// 男, code 1.
    Male,
    /// 女, code 2.
    Female,
}

impl From<CoreSex> for Sex {
    fn from(s: CoreSex) -> Sex {
        match s {
            CoreSex::Male => Sex::Male,
            CoreSex::Female => Sex::Female,
        }
    }
}

impl From<Sex> for CoreSex {
    fn from(s: Sex) -> CoreSex {
        match s {
            Sex::Male => CoreSex::Male,
            Sex::Female => CoreSex::Female,
        }
    }
}

/// A calendar day (China Standard Time, as printed on the card).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Record)]
pub struct CalendarDate {
    /// Year, 1900–2999.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month.
    pub day: u8,
}

impl From<Date> for CalendarDate {
    fn from(d: Date) -> CalendarDate {
        CalendarDate {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
}

impl CalendarDate {
    pub(crate) fn to_core(self) -> Result<Date> {
        Ok(Date::new(self.year, self.month, self.day)?)
    }
}

/// The value of a disclosed attribute.
///
/// Values are personal data: the library never logs them, and apps should not either.
#[derive(Clone, PartialEq, Eq, Hash, uniffi::Enum)]
#[uniffi::export(Debug, Eq, Hash)]
pub enum AttributeValue {
    /// Text: `full_name`, `address`, `id_number`, `issuing_authority`, text extras.
    Text {
        /// The text.
        value: String,
    },
    /// `sex`.
    Sex {
        /// The sex.
        value: Sex,
    },
    /// `ethnicity`, as its GB 3304 code (1 = 汉, ...).
    Ethnicity {
        /// The code.
        code: u8,
    },
    /// `birth_date`.
    Date {
        /// The day.
        value: CalendarDate,
    },
    /// `card_validity`: the card's validity period; `until` is absent for a long-term card
    /// (长期).
    CardValidity {
        /// First day of validity.
        from: CalendarDate,
        /// Last day of validity, or none for long-term.
        until: Option<CalendarDate>,
    },
    /// `portrait`: JPEG bytes.
    Portrait {
        /// The JPEG.
        jpeg: Vec<u8>,
    },
    /// `age_over_NN` and boolean extras.
    Bool {
        /// The value.
        value: bool,
    },
    /// Integer extras. (Not `Int`: Kotlin would read the generated `hashCode(): Int` as this
    /// variant.)
    Integer {
        /// The value.
        value: i64,
    },
    /// Byte-string extras.
    Bytes {
        /// The value.
        value: Vec<u8>,
    },
}

impl core::fmt::Debug for AttributeValue {
    /// Names the variant only: values are personal data.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            AttributeValue::Text { .. } => "Text(..)",
            AttributeValue::Sex { .. } => "Sex(..)",
            AttributeValue::Ethnicity { .. } => "Ethnicity(..)",
            AttributeValue::Date { .. } => "Date(..)",
            AttributeValue::CardValidity { .. } => "CardValidity(..)",
            AttributeValue::Portrait { .. } => "Portrait(..)",
            AttributeValue::Bool { .. } => "Bool(..)",
            AttributeValue::Integer { .. } => "Integer(..)",
            AttributeValue::Bytes { .. } => "Bytes(..)",
        })
    }
}

impl AttributeValue {
    /// An owned copy of a core value.
    ///
    /// # Errors
    ///
    /// `Unsupported` for a value type the core gained but this surface does not name yet.
    pub(crate) fn from_core(v: wz_core::AttributeValue<'_>) -> Result<AttributeValue> {
        use wz_core::AttributeValue as V;
        Ok(match v {
            V::Text(s) => AttributeValue::Text { value: s.into() },
            V::Sex(s) => AttributeValue::Sex { value: s.into() },
            V::Ethnicity(c) => AttributeValue::Ethnicity { code: c },
            V::Date(d) => AttributeValue::Date { value: d.into() },
            V::CardValidity(CardValidity { from, until }) => AttributeValue::CardValidity {
                from: from.into(),
                until: until.map(Into::into),
            },
            V::Portrait(b) => AttributeValue::Portrait { jpeg: b.to_vec() },
            V::Bool(b) => AttributeValue::Bool { value: b },
            V::Int(i) => AttributeValue::Integer { value: i },
            V::Bytes(b) => AttributeValue::Bytes { value: b.to_vec() },
            // `AttributeValue` is non-exhaustive: a type the core adds is refused here, never
            // passed on in a shape the app would misread.
            _ => return Err(wz_core::Error::Unsupported("attribute value type").into()),
        })
    }
}

/// One disclosed attribute: its name (`full_name`, `age_over_18`, `namespace/name`, ...) and
/// its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
#[uniffi::export(Debug, Eq, Hash)]
pub struct Attribute {
    /// The attribute's name.
    pub name: String,
    /// Its value.
    pub value: AttributeValue,
}

impl Attribute {
    /// An owned copy of a core attribute (a disclosed or a released one).
    pub(crate) fn from_core(a: wz_core::Attribute<'_>) -> Result<Attribute> {
        Ok(Attribute {
            name: a.id.to_string(),
            value: AttributeValue::from_core(a.value)?,
        })
    }
}

/// Parses attribute names, refusing unknown ones.
pub(crate) fn attribute_ids(names: &[String]) -> Result<Vec<AttributeId<'static>>> {
    names
        .iter()
        .map(|n| AttributeId::parse(n).map_err(WangzhengError::from))
        .collect()
}

/// A fixed-length byte argument, or `InvalidArgument` naming it.
pub(crate) fn array<const N: usize>(bytes: &[u8], what: &str) -> Result<[u8; N]> {
    bytes
        .try_into()
        .map_err(|_| WangzhengError::invalid(&format!("{what} must be {N} bytes")))
}

/// An issuer, root or device public key argument (32 bytes, a usable Ed25519 point).
pub(crate) fn public_key(bytes: &[u8], what: &str) -> Result<wz_core::PublicKey> {
    Ok(wz_core::PublicKey::from_bytes(&array::<32>(bytes, what)?)?)
}

/// `N` fresh random bytes from the operating system, zeroized when dropped (they may be a key).
///
/// Errors: `InvalidArgument` when the operating system gives no randomness.
pub(crate) fn random_bytes<const N: usize>() -> Result<zeroize::Zeroizing<[u8; N]>> {
    let mut bytes = zeroize::Zeroizing::new([0u8; N]);
    getrandom::fill(bytes.as_mut())
        .map_err(|_| WangzhengError::invalid("the operating system gave no random bytes"))?;
    Ok(bytes)
}

/// A fresh ChaCha20 generator seeded by the operating system.
pub(crate) fn os_rng() -> Result<rand_chacha::ChaCha20Rng> {
    use rand_core::SeedableRng;
    Ok(rand_chacha::ChaCha20Rng::from_seed(*random_bytes::<32>()?))
}

/// The value of an extra attribute given to the issuer.
#[derive(Clone, PartialEq, Eq, Hash, uniffi::Enum)]
#[uniffi::export(Debug, Eq, Hash)]
pub enum ExtraAttributeValue {
    /// Text.
    Text {
        /// The text.
        value: String,
    },
    /// Integer (not `Int`, which Kotlin would confuse with its own type).
    Integer {
        /// The value.
        value: i64,
    },
    /// Boolean.
    Bool {
        /// The value.
        value: bool,
    },
    /// Bytes.
    Bytes {
        /// The value.
        value: Vec<u8>,
    },
}

impl core::fmt::Debug for ExtraAttributeValue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("ExtraAttributeValue(..)")
    }
}

impl From<ExtraAttributeValue> for ExtraValue {
    fn from(v: ExtraAttributeValue) -> ExtraValue {
        match v {
            ExtraAttributeValue::Text { value } => ExtraValue::Text(value),
            ExtraAttributeValue::Integer { value } => ExtraValue::Int(value),
            ExtraAttributeValue::Bool { value } => ExtraValue::Bool(value),
            ExtraAttributeValue::Bytes { value } => ExtraValue::Bytes(value),
        }
    }
}
