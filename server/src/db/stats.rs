//! Counters kept up to date as things happen, so the pages that show totals read a few hundred
//! rows however many applications and payments there are (migration 0026):
//!
//! - `agency_daily_stats`: per agency, service and day (EAT), applications received, decided
//!   (and how many without a missed charter date, and their total time to decide), issued,
//!   charter breaches, payments and the fees they brought, and ratings 1–5. The performance
//!   page and the finance report read it.
//! - `agency_queue_counts`: an agency's open applications by due date, paused or not, and
//!   whether a charter date was missed — the officer's queue counts by charter status are
//!   worked out from these few rows for any day.
//!
//! Each change adds its deltas in the transaction that makes it, after its other writes and in
//! one fixed order (queue rows, then day rows, each sorted by key), so two transactions never
//! wait on each other's counters in opposite orders. [`REBUILD`] recounts both tables from the
//! base tables (the migration's backfill, and the check that the counters are right).

use app::applications::ports::Transition;
use app::applications::state::{Event, State};

/// Seconds east of UTC of East Africa Time: days are counted in EAT.
const EAT: i64 = 3 * 3600;

/// The EAT day (days since 1970-01-01) of a unix time.
pub fn day_of(unix: i64) -> i64 {
    (unix + EAT).div_euclid(86_400)
}

/// The queue's key for "no due date": after every real one.
pub const NO_DUE: &str = "9999-12-31";

/// Where an application counts in `agency_queue_counts`: its due date key, paused (the
/// citizen owes an answer) and missed (a charter date was missed). `None` when it is not in
/// the officer's queue.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct QueueSlot {
    /// The due date, or [`NO_DUE`].
    pub due_key: String,
    /// 1 while the clock is stopped.
    pub paused: i64,
    /// 1 once a charter date was missed.
    pub missed: i64,
}

/// The slot of an application in `state` with these dates, if it is open.
pub fn queue_slot(state: State, due: Option<&str>, missed: bool) -> Option<QueueSlot> {
    app::staff::queue::OPEN_STATES.contains(&state).then(|| QueueSlot {
        due_key: due.unwrap_or(NO_DUE).to_string(),
        paused: i64::from(!state.clock_running()),
        missed: i64::from(missed),
    })
}

/// A change to one `agency_queue_counts` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueDelta {
    /// The agency.
    pub agency: String,
    /// The slot.
    pub slot: QueueSlot,
    /// Applications in or out.
    pub n: i64,
}

/// A change to one `agency_daily_stats` row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayDelta {
    /// The agency.
    pub agency: String,
    /// The service (`""` for an agency's bill that names none).
    pub service: String,
    /// EAT day.
    pub day: i64,
    /// Applications submitted.
    pub received: i64,
    /// Applications approved or rejected.
    pub decided: i64,
    /// Of those, decided with no charter date missed before.
    pub decided_on_time: i64,
    /// Seconds from submission to decision, summed.
    pub decide_secs: i64,
    /// Documents issued.
    pub issued: i64,
    /// Charter dates missed.
    pub breached: i64,
    /// Payments that brought the agency fees.
    pub payments: i64,
    /// Government fees received.
    pub revenue_minor: i64,
    /// Convenience fees received.
    pub convenience_minor: i64,
    /// Ratings given, by score 1 to 5.
    pub rated: [i64; 5],
}

impl DayDelta {
    fn add(&mut self, o: &DayDelta) {
        self.received += o.received;
        self.decided += o.decided;
        self.decided_on_time += o.decided_on_time;
        self.decide_secs += o.decide_secs;
        self.issued += o.issued;
        self.breached += o.breached;
        self.payments += o.payments;
        self.revenue_minor += o.revenue_minor;
        self.convenience_minor += o.convenience_minor;
        for (a, b) in self.rated.iter_mut().zip(o.rated) {
            *a += b;
        }
    }
}

/// Everything one transaction adds to the counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deltas {
    /// Queue rows.
    pub queue: Vec<QueueDelta>,
    /// Day rows.
    pub days: Vec<DayDelta>,
}

impl Deltas {
    /// An application moves from one queue slot to another (either may be none).
    pub fn move_in_queue(&mut self, agency: &str, from: Option<QueueSlot>, to: Option<QueueSlot>) {
        if from == to {
            return;
        }
        self.queue.extend(from.map(|slot| QueueDelta { agency: agency.to_string(), slot, n: -1 }));
        self.queue.extend(to.map(|slot| QueueDelta { agency: agency.to_string(), slot, n: 1 }));
    }

    /// The deltas merged per row, zero changes dropped, in the order they are applied.
    pub fn merged(&self) -> Deltas {
        let mut queue: Vec<QueueDelta> = Vec::new();
        for d in &self.queue {
            match queue.iter_mut().find(|q| q.agency == d.agency && q.slot == d.slot) {
                Some(q) => q.n += d.n,
                None => queue.push(d.clone()),
            }
        }
        queue.retain(|q| q.n != 0);
        queue.sort_by(|a, b| (&a.agency, &a.slot).cmp(&(&b.agency, &b.slot)));
        let mut days: Vec<DayDelta> = Vec::new();
        for d in &self.days {
            match days.iter_mut().find(|x| x.agency == d.agency && x.day == d.day && x.service == d.service) {
                Some(x) => x.add(d),
                None => days.push(d.clone()),
            }
        }
        days.retain(|d| {
            *d != DayDelta { agency: d.agency.clone(), service: d.service.clone(), day: d.day, ..Default::default() }
        });
        days.sort_by(|a, b| (&a.agency, a.day, &a.service).cmp(&(&b.agency, b.day, &b.service)));
        Deltas { queue, days }
    }
}

/// An application as it stood before a transition, as far as the counters care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    /// Its agency.
    pub agency: String,
    /// Its service.
    pub service: String,
    /// Its state.
    pub state: State,
    /// Its charter date.
    pub due_date: Option<String>,
    /// Whether a charter date was missed.
    pub missed: bool,
    /// When it was submitted.
    pub submitted_at: Option<i64>,
}

/// What a transition adds to the counters: the queue move, a submission, decisions,
/// issues and breaches, each on the day it happened.
pub fn transition_deltas(before: &Before, t: &Transition) -> Deltas {
    let mut d = Deltas::default();
    let Some(last) = t.records.last() else { return d };
    let due_after = t.due_date.clone().or_else(|| before.due_date.clone());
    let missed_after = before.missed || t.charter_missed.is_some();
    d.move_in_queue(
        &before.agency,
        queue_slot(before.state, before.due_date.as_deref(), before.missed),
        queue_slot(last.to, due_after.as_deref(), missed_after),
    );
    let submitted_at = if t.submission.is_some() { Some(last.at) } else { before.submitted_at };
    let at = |day: i64| DayDelta {
        agency: before.agency.clone(),
        service: before.service.clone(),
        day,
        ..Default::default()
    };
    if t.submission.is_some() {
        d.days.push(DayDelta { received: 1, ..at(day_of(last.at)) });
    }
    for e in &t.records {
        let mut x = at(day_of(e.at));
        match e.event {
            Event::Approve | Event::Reject => {
                x.decided = 1;
                x.decided_on_time = i64::from(!before.missed);
                x.decide_secs = e.at - submitted_at.unwrap_or(e.at);
            }
            Event::Issue => x.issued = 1,
            Event::CharterBreached => x.breached = 1,
            _ => continue,
        }
        d.days.push(x);
    }
    d
}

/// A payment's fees, on the day it was settled (the day its ledger lines carry).
pub fn payment_delta(
    agency: &str,
    service: Option<&str>,
    at: i64,
    revenue_minor: i64,
    convenience_minor: i64,
) -> DayDelta {
    DayDelta {
        agency: agency.to_string(),
        service: service.unwrap_or_default().to_string(),
        day: day_of(at),
        payments: i64::from(revenue_minor > 0 || convenience_minor > 0),
        revenue_minor,
        convenience_minor,
        ..Default::default()
    }
}

/// A rating of `score` (1 to 5) given at `at`.
pub fn rating_delta(agency: &str, service: &str, at: i64, score: i64) -> DayDelta {
    let mut rated = [0; 5];
    if let Some(slot) = usize::try_from(score - 1).ok().and_then(|i| rated.get_mut(i)) {
        *slot = 1;
    }
    DayDelta { agency: agency.to_string(), service: service.to_string(), day: day_of(at), rated, ..Default::default() }
}

/// Adds to (or starts) one queue row.
pub const QUEUE_BUMP: &str = "INSERT INTO agency_queue_counts (agency_code, due_key, paused, missed, n) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_code, due_key, paused, missed) \
     DO UPDATE SET n = agency_queue_counts.n + excluded.n";

/// Drops a queue row that reached zero, so an agency's rows stay as few as its open due dates.
pub const QUEUE_PRUNE: &str = "DELETE FROM agency_queue_counts \
     WHERE agency_code = $1 AND due_key = $2 AND paused = $3 AND missed = $4 AND n = 0";

/// Adds to (or starts) one day row.
pub const DAY_BUMP: &str = "INSERT INTO agency_daily_stats (agency_code, service_code, day, received, decided, \
     decided_on_time, decide_secs, issued, breached, payments, revenue_minor, convenience_minor, \
     rated_1, rated_2, rated_3, rated_4, rated_5) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
     ON CONFLICT (agency_code, day, service_code) DO UPDATE SET \
     received = agency_daily_stats.received + excluded.received, \
     decided = agency_daily_stats.decided + excluded.decided, \
     decided_on_time = agency_daily_stats.decided_on_time + excluded.decided_on_time, \
     decide_secs = agency_daily_stats.decide_secs + excluded.decide_secs, \
     issued = agency_daily_stats.issued + excluded.issued, \
     breached = agency_daily_stats.breached + excluded.breached, \
     payments = agency_daily_stats.payments + excluded.payments, \
     revenue_minor = agency_daily_stats.revenue_minor + excluded.revenue_minor, \
     convenience_minor = agency_daily_stats.convenience_minor + excluded.convenience_minor, \
     rated_1 = agency_daily_stats.rated_1 + excluded.rated_1, \
     rated_2 = agency_daily_stats.rated_2 + excluded.rated_2, \
     rated_3 = agency_daily_stats.rated_3 + excluded.rated_3, \
     rated_4 = agency_daily_stats.rated_4 + excluded.rated_4, \
     rated_5 = agency_daily_stats.rated_5 + excluded.rated_5";

/// Recounts both counter tables from the base tables; the migration's backfill is the same
/// SQL (checked by a test), and a bulk load that writes base rows directly runs it after.
/// Decisions count as on time when no charter breach was recorded before them; a payment
/// counts on the day of its ledger lines, for the service of its bill.
pub const REBUILD: [&str; 4] = [
    "DELETE FROM agency_daily_stats",
    "INSERT INTO agency_daily_stats (agency_code, service_code, day, received, decided, decided_on_time, decide_secs, \
     issued, breached, payments, revenue_minor, convenience_minor, rated_1, rated_2, rated_3, rated_4, rated_5) \
     SELECT agency_code, service_code, day, SUM(received), SUM(decided), SUM(decided_on_time), SUM(decide_secs), \
     SUM(issued), SUM(breached), SUM(payments), SUM(revenue_minor), SUM(convenience_minor), \
     SUM(rated_1), SUM(rated_2), SUM(rated_3), SUM(rated_4), SUM(rated_5) FROM ( \
     SELECT agency_code, service_code, (submitted_at + 10800) / 86400 AS day, 1 AS received, 0 AS decided, \
     0 AS decided_on_time, 0 AS decide_secs, 0 AS issued, 0 AS breached, 0 AS payments, 0 AS revenue_minor, \
     0 AS convenience_minor, 0 AS rated_1, 0 AS rated_2, 0 AS rated_3, 0 AS rated_4, 0 AS rated_5 \
     FROM applications WHERE submitted_at IS NOT NULL \
     UNION ALL \
     SELECT a.agency_code, a.service_code, (e.at + 10800) / 86400, 0, \
     CASE WHEN e.event IN ('approve', 'reject') THEN 1 ELSE 0 END, \
     CASE WHEN e.event IN ('approve', 'reject') AND NOT EXISTS (SELECT 1 FROM application_events b \
     WHERE b.application_id = e.application_id AND b.event = 'charter_breached' AND b.event_id < e.event_id) \
     THEN 1 ELSE 0 END, \
     CASE WHEN e.event IN ('approve', 'reject') THEN e.at - COALESCE(a.submitted_at, e.at) ELSE 0 END, \
     CASE WHEN e.event = 'issue' THEN 1 ELSE 0 END, \
     CASE WHEN e.event = 'charter_breached' THEN 1 ELSE 0 END, 0, 0, 0, 0, 0, 0, 0, 0 \
     FROM application_events e JOIN applications a ON a.application_id = e.application_id \
     WHERE e.event IN ('approve', 'reject', 'issue', 'charter_breached') \
     UNION ALL \
     SELECT agency_code, service_code, day, 0, 0, 0, 0, 0, 0, 1, revenue, convenience, 0, 0, 0, 0, 0 FROM ( \
     SELECT l.payment_id, l.agency_code, COALESCE(i.service_code, '') AS service_code, (l.at + 10800) / 86400 AS day, \
     SUM(CASE WHEN l.account = 'agency_revenue' THEN l.credit_minor ELSE 0 END) AS revenue, \
     SUM(CASE WHEN l.account = 'convenience_fees' THEN l.credit_minor ELSE 0 END) AS convenience \
     FROM ledger_entries l JOIN payments p ON p.payment_id = l.payment_id JOIN invoices i ON i.bill_ref = p.bill_ref \
     WHERE l.account IN ('agency_revenue', 'convenience_fees') \
     GROUP BY l.payment_id, l.agency_code, COALESCE(i.service_code, ''), (l.at + 10800) / 86400) paid \
     UNION ALL \
     SELECT r.agency_code, a.service_code, (r.rated_at + 10800) / 86400, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
     CASE WHEN r.score = 1 THEN 1 ELSE 0 END, CASE WHEN r.score = 2 THEN 1 ELSE 0 END, \
     CASE WHEN r.score = 3 THEN 1 ELSE 0 END, CASE WHEN r.score = 4 THEN 1 ELSE 0 END, \
     CASE WHEN r.score = 5 THEN 1 ELSE 0 END \
     FROM ratings r JOIN applications a ON a.application_id = r.application_id) counted \
     GROUP BY agency_code, service_code, day",
    "DELETE FROM agency_queue_counts",
    "INSERT INTO agency_queue_counts (agency_code, due_key, paused, missed, n) \
     SELECT agency_code, COALESCE(due_date, '9999-12-31'), CASE WHEN state = 'needs_info' THEN 1 ELSE 0 END, \
     CASE WHEN charter_missed_on IS NULL THEN 0 ELSE 1 END, COUNT(*) FROM applications \
     WHERE state IN ('queued', 'in_review', 'needs_info', 'resubmitted', 'approved') \
     GROUP BY agency_code, COALESCE(due_date, '9999-12-31'), CASE WHEN state = 'needs_info' THEN 1 ELSE 0 END, \
     CASE WHEN charter_missed_on IS NULL THEN 0 ELSE 1 END",
];

/// Writes the counters for a store type's backend: `stats_rows::apply` inside a transaction.
macro_rules! impl_stats_rows {
    ($db:ty) => {
        /// Applying counter deltas inside another transaction.
        mod stats_rows {
            use crate::db::stats::{DAY_BUMP, Deltas, QUEUE_BUMP, QUEUE_PRUNE};

            /// Adds `deltas` to the counters, merged and in the fixed order (see the module).
            pub(crate) async fn apply(
                conn: &mut <$db as sqlx::Database>::Connection,
                deltas: &Deltas,
            ) -> Result<(), app::store::StoreError> {
                use crate::db::map_err;
                let d = deltas.merged();
                for q in &d.queue {
                    sqlx::query(QUEUE_BUMP)
                        .bind(&q.agency)
                        .bind(&q.slot.due_key)
                        .bind(q.slot.paused)
                        .bind(q.slot.missed)
                        .bind(q.n)
                        .execute(&mut *conn)
                        .await
                        .map_err(map_err)?;
                    if q.n < 0 {
                        sqlx::query(QUEUE_PRUNE)
                            .bind(&q.agency)
                            .bind(&q.slot.due_key)
                            .bind(q.slot.paused)
                            .bind(q.slot.missed)
                            .execute(&mut *conn)
                            .await
                            .map_err(map_err)?;
                    }
                }
                for x in &d.days {
                    let mut q = sqlx::query(DAY_BUMP)
                        .bind(&x.agency)
                        .bind(&x.service)
                        .bind(x.day)
                        .bind(x.received)
                        .bind(x.decided)
                        .bind(x.decided_on_time)
                        .bind(x.decide_secs)
                        .bind(x.issued)
                        .bind(x.breached)
                        .bind(x.payments)
                        .bind(x.revenue_minor)
                        .bind(x.convenience_minor);
                    for n in x.rated {
                        q = q.bind(n);
                    }
                    q.execute(&mut *conn).await.map_err(map_err)?;
                }
                Ok(())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::applications::ports::ApplicationEvent;

    fn record(from: State, to: State, event: Event, at: i64) -> ApplicationEvent {
        ApplicationEvent { at, from, to, event, actor_id: None, actor_role: "system".into(), note: String::new() }
    }

    fn transition(records: Vec<ApplicationEvent>) -> Transition {
        Transition {
            application_id: 1,
            expected_version: 0,
            records,
            submission: None,
            due_date: None,
            invoice: None,
            document: None,
            charter_missed: None,
            notices: vec![],
        }
    }

    fn before(state: State, missed: bool) -> Before {
        Before {
            agency: "ntsa".into(),
            service: "ntsa-x".into(),
            state,
            due_date: Some("2026-12-10".into()),
            missed,
            submitted_at: Some(1_000_000),
        }
    }

    #[test]
    fn days_are_counted_in_east_africa_time() {
        // 2026-01-01 00:00 EAT is 2025-12-31 21:00 UTC.
        let midnight_eat = 1_767_214_800;
        assert_eq!(day_of(midnight_eat) - day_of(midnight_eat - 1), 1);
        assert_eq!(day_of(midnight_eat), app::applications::calendar::Date::new(2026, 1, 1).unwrap().to_days());
    }

    #[test]
    fn a_decision_counts_once_with_its_time_and_leaves_the_queue_slot_alone() {
        let t = transition(vec![record(State::InReview, State::Approved, Event::Approve, 1_086_400)]);
        let d = transition_deltas(&before(State::InReview, false), &t).merged();
        assert!(d.queue.is_empty(), "in review and approved share a slot: {d:?}");
        assert_eq!(d.days.len(), 1);
        assert_eq!((d.days[0].decided, d.days[0].decided_on_time, d.days[0].decide_secs), (1, 1, 86_400));
        let late = transition_deltas(&before(State::InReview, true), &t).merged();
        assert_eq!((late.days[0].decided, late.days[0].decided_on_time), (1, 0));
    }

    #[test]
    fn queue_moves_follow_state_dates_and_breaches() {
        // Asking the citizen pauses the clock: out of one slot, into the paused one.
        let t = transition(vec![record(State::InReview, State::NeedsInfo, Event::RequestInfo, 5)]);
        let d = transition_deltas(&before(State::InReview, false), &t).merged();
        assert_eq!(d.queue.iter().map(|q| (q.slot.paused, q.n)).collect::<Vec<_>>(), [(0, -1), (1, 1)]);
        // A breach moves it to the new date, flagged.
        let mut t = transition(vec![record(State::Queued, State::Queued, Event::CharterBreached, 5)]);
        t.due_date = Some("2026-12-20".into());
        t.charter_missed = Some("2026-12-10".into());
        let d = transition_deltas(&before(State::Queued, false), &t).merged();
        let slots: Vec<_> = d.queue.iter().map(|q| (q.slot.due_key.as_str(), q.slot.missed, q.n)).collect();
        assert_eq!(slots, [("2026-12-10", 0, -1), ("2026-12-20", 1, 1)]);
        assert_eq!(d.days[0].breached, 1);
        // Issuing leaves the queue.
        let t = transition(vec![record(State::Approved, State::Issued, Event::Issue, 5)]);
        let d = transition_deltas(&before(State::Approved, false), &t).merged();
        assert_eq!((d.queue.len(), d.queue[0].n, d.days[0].issued), (1, -1, 1));
    }

    #[test]
    fn merging_sums_per_row_drops_zeros_and_sorts() {
        let mut d = Deltas::default();
        d.move_in_queue("b", queue_slot(State::Queued, None, false), None);
        d.move_in_queue("b", None, queue_slot(State::Queued, None, false));
        d.move_in_queue("a", None, queue_slot(State::InReview, Some("2026-01-01"), false));
        d.days.push(payment_delta("z", None, 0, 100, 0));
        d.days.push(payment_delta("z", None, 60, 50, 5));
        d.days.push(rating_delta("a", "s", 0, 4));
        d.days.push(DayDelta { agency: "y".into(), ..Default::default() });
        let m = d.merged();
        assert_eq!(m.queue.len(), 1, "in and out of one slot cancel: {m:?}");
        assert_eq!(m.queue[0].agency, "a");
        assert_eq!(m.days.iter().map(|x| x.agency.as_str()).collect::<Vec<_>>(), ["a", "z"]);
        assert_eq!((m.days[1].payments, m.days[1].revenue_minor, m.days[1].convenience_minor), (2, 150, 5));
        assert_eq!(m.days[0].rated, [0, 0, 0, 1, 0]);
        assert_eq!(payment_delta("z", None, 0, 0, 0).payments, 0, "no fees, not a paying payment");
        assert_eq!(rating_delta("a", "s", 0, 9).rated, [0; 5]);
    }

    #[test]
    fn the_migrations_backfill_with_the_rebuild_sql() {
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").replace("( ", "(").replace(" )", ")");
        for file in [
            include_str!("../../migrations/sqlite/0026_hot_paths.sql"),
            include_str!("../../migrations/postgres/0026_hot_paths.sql"),
        ] {
            let file = squash(file);
            for stmt in REBUILD.iter().skip(1).step_by(2) {
                assert!(file.contains(&squash(stmt)), "the migration must run {stmt}");
            }
        }
    }
}
