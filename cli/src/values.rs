//! Attribute values as JSON and as text.
//!
//! JSON follows the vector manifest (`tests/vectors/README.md`): text → string, bool → bool,
//! dates → `"YYYY-MM-DD"`, sex → `"male"`/`"female"`, ethnicity → number, card validity →
//! `{"from", "until"}` (`until` null for a long-term card), portrait and other bytes → hex.

use serde_json::{Value, json};
use wangzheng::{AttributeValue, Sex};

/// The JSON value of an attribute.
pub fn to_json(value: &AttributeValue<'_>) -> Value {
    match value {
        AttributeValue::Text(t) => json!(t),
        AttributeValue::Sex(s) => json!(sex_name(*s)),
        AttributeValue::Ethnicity(e) => json!(e),
        AttributeValue::Date(d) => json!(d.to_string()),
        AttributeValue::CardValidity(v) => json!({
            "from": v.from.to_string(),
            "until": v.until.map(|u| u.to_string()),
        }),
        AttributeValue::Portrait(b) | AttributeValue::Bytes(b) => json!(hex::encode(b)),
        AttributeValue::Bool(b) => json!(b),
        AttributeValue::Int(i) => json!(i),
        _ => Value::Null,
    }
}

/// The value as a person reads it.
pub fn to_text(value: &AttributeValue<'_>) -> String {
    match value {
        AttributeValue::Text(t) => (*t).to_owned(),
        AttributeValue::Sex(s) => sex_name(*s).to_owned(),
        AttributeValue::Ethnicity(e) => format!("{e} (GB 3304 code)"),
        AttributeValue::Date(d) => d.to_string(),
        AttributeValue::CardValidity(v) => match v.until {
            Some(u) => format!("{} to {u}", v.from),
            None => format!("{} to long-term (长期)", v.from),
        },
        AttributeValue::Portrait(b) => format!("JPEG image, {} bytes", b.len()),
        AttributeValue::Bytes(b) => format!("h'{}'", hex::encode(b)),
        AttributeValue::Bool(b) => b.to_string(),
        AttributeValue::Int(i) => i.to_string(),
        _ => "(a value this wz cannot show)".to_owned(),
    }
}

fn sex_name(s: Sex) -> &'static str {
    match s {
        Sex::Male => "male",
        Sex::Female => "female",
    }
}
