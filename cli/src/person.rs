//! The person record an issuer issues from, as a JSON file.
//!
//! ```json
//! {
//!   "full_name": "张三", "sex": "male", "ethnicity": 1, "birth_date": "1990-03-07",
//!   "address": "北京市东城区景山前街4号", "id_number": "110101199003070011",
//!   "issuing_authority": "北京市公安局东城分局",
//!   "card_validity": {"from": "2020-01-01", "until": "2040-01-01"},
//!   "portrait": "ffd8ff...", "extras": {"org.example/member": true}
//! }
//! ```
//!
//! `until` is `null` for a long-term (长期) card; `portrait` (hex of a JPEG) and `extras`
//! (text, integer or boolean values) are optional.

use crate::error::{CmdResult, usage};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use wangzheng::{CardValidity, Date, ExtraValue, PersonRecord, Sex};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonJson {
    full_name: String,
    sex: String,
    ethnicity: u8,
    birth_date: String,
    address: String,
    id_number: String,
    issuing_authority: String,
    card_validity: ValidityJson,
    #[serde(default)]
    portrait: Option<String>,
    #[serde(default)]
    extras: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidityJson {
    from: String,
    until: Option<String>,
}

fn date(s: &str, field: &str, name: &str) -> CmdResult<Date> {
    let bad = || usage(format!("{name}: {field} must be a date YYYY-MM-DD"));
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else {
        return Err(bad());
    };
    Date::new(y, m, d).map_err(|_| bad())
}

/// Reads and validates a person record.
///
/// # Errors
///
/// A usage failure naming the file and the field that is wrong.
pub fn read(path: &Path) -> CmdResult<PersonRecord> {
    let name = crate::util::input_name(path);
    let bytes = crate::util::read_input(path)?;
    let p: PersonJson = serde_json::from_slice(&bytes).map_err(|e| {
        usage(format!(
            "{name} is not a person record: {} (line {}, column {})",
            e.to_string()
                .split(" at line")
                .next()
                .unwrap_or("invalid JSON"),
            e.line(),
            e.column()
        ))
    })?;
    let sex = match p.sex.as_str() {
        "male" | "男" => Sex::Male,
        "female" | "女" => Sex::Female,
        _ => return Err(usage(format!("{name}: sex must be \"male\" or \"female\""))),
    };
    let portrait = p
        .portrait
        .map(|h| {
            hex::decode(h.trim())
                .map_err(|_| usage(format!("{name}: portrait must be the hex of a JPEG file")))
        })
        .transpose()?;
    let mut extras = Vec::new();
    for (k, v) in p.extras {
        let value = match v {
            serde_json::Value::String(s) => ExtraValue::Text(s),
            serde_json::Value::Bool(b) => ExtraValue::Bool(b),
            serde_json::Value::Number(n) => ExtraValue::Int(n.as_i64().ok_or_else(|| {
                usage(format!(
                    "{name}: extra {k} must be an integer, not a fraction"
                ))
            })?),
            _ => {
                return Err(usage(format!(
                    "{name}: extra {k} must be text, an integer or a boolean"
                )));
            }
        };
        extras.push((k, value));
    }
    let record = PersonRecord {
        full_name: p.full_name,
        sex,
        ethnicity: p.ethnicity,
        birth_date: date(&p.birth_date, "birth_date", &name)?,
        address: p.address,
        id_number: p.id_number,
        issuing_authority: p.issuing_authority,
        card_validity: CardValidity {
            from: date(&p.card_validity.from, "card_validity.from", &name)?,
            until: p
                .card_validity
                .until
                .as_deref()
                .map(|u| date(u, "card_validity.until", &name))
                .transpose()?,
        },
        portrait,
        extras,
    };
    record.validate().map_err(|e| match e {
        wangzheng::Error::InvalidArgument(what) => usage(format!("{name}: invalid {what}")),
        other => usage(format!("{name}: {other}")),
    })?;
    Ok(record)
}

/// A person record as JSON (what [`read`] reads back).
pub fn to_json(p: &PersonRecord) -> serde_json::Value {
    let mut v = serde_json::json!({
        "full_name": p.full_name,
        "sex": match p.sex { Sex::Male => "male", Sex::Female => "female" },
        "ethnicity": p.ethnicity,
        "birth_date": p.birth_date.to_string(),
        "address": p.address,
        "id_number": p.id_number,
        "issuing_authority": p.issuing_authority,
        "card_validity": {
            "from": p.card_validity.from.to_string(),
            "until": p.card_validity.until.map(|d| d.to_string()),
        },
    });
    if let Some(portrait) = &p.portrait {
        v["portrait"] = serde_json::json!(hex::encode(portrait));
    }
    v
}
