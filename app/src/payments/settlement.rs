//! An agency's settlement report: what it took per day and service (government fees and
//! convenience fees, from the ledger), for its finance officers and admins, as a page and CSV.

use super::ports::SettlementRow;
use crate::accounts::model::Role;
use crate::accounts::service::store_err;
use crate::accounts::session::Caller;
use crate::applications::calendar::Date;
use crate::applications::form::parse_date;
use crate::error::{AppError, Problem};
use crate::ssr::AppState;

/// Who may see an agency's takings.
pub const FINANCE_ROLES: &[Role] = &[Role::AgencyFinance, Role::AgencyAdmin];
/// Longest period one report covers, in days.
pub const MAX_DAYS: i64 = 92;

/// The days a report covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

impl Period {
    /// Reads `from`/`to` (`YYYY-MM-DD`); missing ones default to the last 7 days up to `today`.
    pub fn parse(from: Option<&str>, to: Option<&str>, today: Date) -> Result<Period, Problem> {
        let read = |s: Option<&str>| match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => parse_date(s).map(Some).ok_or(Problem::PeriodInvalid),
        };
        let to = read(to)?.unwrap_or(today);
        let from = read(from)?.unwrap_or(Date::from_days(to.to_days() - 6));
        if from.to_days() > to.to_days() || to.to_days() - from.to_days() >= MAX_DAYS {
            return Err(Problem::PeriodInvalid);
        }
        Ok(Period { from, to })
    }

    /// Unix seconds `[start, end)` of the period in East Africa Time.
    pub fn bounds(self) -> (i64, i64) {
        const EAT: i64 = 3 * 3600;
        (self.from.to_days() * 86_400 - EAT, (self.to.to_days() + 1) * 86_400 - EAT)
    }
}

/// The caller's agency's report for the period asked.
pub async fn agency_settlement(
    state: &AppState,
    caller: &Caller,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(String, Period, Vec<SettlementRow>), AppError> {
    let (_, agency) = caller.agency_staff(FINANCE_ROLES)?;
    let period = Period::parse(from, to, Date::from_unix_eat(state.clock.now()))?;
    let (start, end) = period.bounds();
    let rows = state.store.settlement(&agency, start, end).await.map_err(store_err)?;
    Ok((agency, period, rows))
}

/// The report as CSV (RFC 4180; every text field quoted), amounts in shillings with cents.
pub fn to_csv(rows: &[SettlementRow], service_name: impl Fn(&str) -> String) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let money = |m: i64| format!("{}.{:02}", m / 100, m % 100);
    let mut out = String::from("date,service_code,service,payments,government_fees_kes,convenience_fees_kes\r\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{}\r\n",
            Date::from_days(r.day).iso(),
            quote(&r.service_code),
            quote(&service_name(&r.service_code)),
            r.payments,
            money(r.revenue_minor),
            money(r.convenience_minor)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_default_to_a_week_and_refuse_nonsense() {
        let today = Date::new(2026, 11, 23).unwrap();
        let p = Period::parse(None, None, today).unwrap();
        assert_eq!((p.from.iso(), p.to.iso()), ("2026-11-17".into(), "2026-11-23".into()));
        assert_eq!(Period::parse(Some("2026-11-24"), Some("2026-11-23"), today), Err(Problem::PeriodInvalid));
        assert_eq!(Period::parse(Some("2026-13-01"), None, today), Err(Problem::PeriodInvalid));
        assert_eq!(Period::parse(Some("2026-01-01"), Some("2026-12-31"), today), Err(Problem::PeriodInvalid));
        let (start, end) = Period::parse(Some("2026-11-23"), Some("2026-11-23"), today).unwrap().bounds();
        assert_eq!(end - start, 86_400);
        assert_eq!(Date::from_unix_eat(start).iso(), "2026-11-23");
        assert_eq!(Date::from_unix_eat(start - 1).iso(), "2026-11-22");
    }

    #[test]
    fn csv_quotes_names_and_prints_cents() {
        let rows = [SettlementRow {
            day: Date::new(2026, 11, 23).unwrap().to_days(),
            service_code: "x".into(),
            payments: 2,
            revenue_minor: 1_210_000,
            convenience_minor: 10_050,
        }];
        let csv = to_csv(&rows, |_| "Passport, \"ordinary\"".into());
        assert_eq!(csv.lines().nth(1).unwrap(), "2026-11-23,\"x\",\"Passport, \"\"ordinary\"\"\",2,12100.00,100.50");
    }
}
