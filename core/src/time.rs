//! Calendar dates and the few time computations the format needs.
//!
//! Times are Unix seconds (`u64`), always passed in by the caller. Dates on the ID card are
//! civil dates in China Standard Time (UTC+8, no daylight saving).

use crate::error::{Error, Result};

/// Seconds in a day.
pub const DAY: u64 = 86_400;
/// Offset of China Standard Time from UTC, in seconds.
pub const CST_OFFSET: u64 = 8 * 3600;

/// A calendar date (proleptic Gregorian), as printed on the ID card.
///
/// Encoded in CBOR as the unsigned integer `YYYYMMDD` (for example `19900101`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A validated date between 1900-01-01 and 2199-12-31.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the date does not exist or is out of range.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date> {
        if !(1900..=2199).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return Err(Error::InvalidArgument("date"));
        }
        Ok(Date { year, month, day })
    }

    /// Parses the `YYYYMMDD` integer form.
    ///
    /// # Errors
    ///
    /// As [`Date::new`].
    pub fn from_yyyymmdd(v: u64) -> Result<Date> {
        let year = u16::try_from(v / 10_000).map_err(|_| Error::InvalidArgument("date"))?;
        Date::new(year, ((v / 100) % 100) as u8, (v % 100) as u8)
    }

    /// The `YYYYMMDD` integer form.
    pub fn to_yyyymmdd(self) -> u32 {
        u32::from(self.year) * 10_000 + u32::from(self.month) * 100 + u32::from(self.day)
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }
    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] outside the supported range.
    pub fn from_days_since_epoch(days: i64) -> Result<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).map_err(|_| Error::InvalidArgument("date"))?,
            month,
            day,
        )
    }

    /// The date in China Standard Time at Unix time `t`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] outside the supported range.
    pub fn at_cst(t: u64) -> Result<Date> {
        let days =
            i64::try_from((t + CST_OFFSET) / DAY).map_err(|_| Error::InvalidArgument("time"))?;
        Date::from_days_since_epoch(days)
    }

    /// Unix time of the end of this date in China Standard Time (the next day's 00:00 CST).
    pub fn end_cst(self) -> u64 {
        let next = (self.days_since_epoch() + 1).max(0) as u64;
        (next * DAY).saturating_sub(CST_OFFSET)
    }

    /// Whole years from `self` (a birth date) to `on`.
    pub fn years_until(self, on: Date) -> u32 {
        let mut years = i32::from(on.year) - i32::from(self.year);
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years.max(0) as u32
    }
}

impl core::fmt::Display for Date {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: u16) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

/// `t` plus `months` calendar months, in UTC; the day is clamped to the target month's length
/// (so 31 August + 6 months is 28 or 29 February) and the time of day is kept.
///
/// # Errors
///
/// [`Error::InvalidArgument`] outside the supported date range.
pub fn add_months(t: u64, months: u32) -> Result<u64> {
    let days = i64::try_from(t / DAY).map_err(|_| Error::InvalidArgument("time"))?;
    let secs = t % DAY;
    let d = Date::from_days_since_epoch(days)?;
    let total = u32::from(d.month) - 1 + months;
    let year = u32::from(d.year) + total / 12;
    let year = u16::try_from(year).map_err(|_| Error::InvalidArgument("time"))?;
    let month = (total % 12 + 1) as u8;
    let target = Date::new(year, month, d.day.min(days_in_month(year, month)))?;
    Ok(target.days_since_epoch() as u64 * DAY + secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_day_numbers() {
        for days in [-25_567i64, -1, 0, 1, 10_957, 11_016, 20_454, 47_482] {
            let d = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(d.days_since_epoch(), days);
        }
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert_eq!(
            Date::from_yyyymmdd(20000229).unwrap().to_yyyymmdd(),
            20000229
        );
        assert!(Date::from_yyyymmdd(19000229).is_err());
        assert!(Date::from_yyyymmdd(20231301).is_err());
        assert!(Date::from_yyyymmdd(18991231).is_err());
    }

    #[test]
    fn six_months_clamp_to_month_end() {
        // 2025-08-31T12:00:00Z + 6 months = 2026-02-28T12:00:00Z
        let t = Date::new(2025, 8, 31).unwrap().days_since_epoch() as u64 * DAY + 12 * 3600;
        let want = Date::new(2026, 2, 28).unwrap().days_since_epoch() as u64 * DAY + 12 * 3600;
        assert_eq!(add_months(t, 6).unwrap(), want);
    }

    #[test]
    fn card_expiry_is_end_of_day_in_china() {
        let d = Date::new(2026, 1, 1).unwrap();
        // 2026-01-02T00:00+08:00 = 2026-01-01T16:00Z
        assert_eq!(d.end_cst(), 1_767_225_600 + 16 * 3600);
        assert_eq!(Date::at_cst(1_767_225_600 + 16 * 3600 - 1).unwrap(), d);
    }

    #[test]
    fn ages_count_whole_years() {
        let born = Date::new(2008, 6, 15).unwrap();
        assert_eq!(born.years_until(Date::new(2026, 6, 14).unwrap()), 17);
        assert_eq!(born.years_until(Date::new(2026, 6, 15).unwrap()), 18);
    }
}
