//! `/staff/performance`: the agency's figures over the last [`WINDOW_DAYS`] days, as a summary
//! and server-drawn SVG bar charts, each with its figures in a table for screen readers.

use super::performance::{Bar, BarChart, Performance, WINDOW_DAYS, bar_chart, complete, scale_label};
use super::texts::performance_texts;
use crate::accounts::pages::{LoadError, SignInRequired};
use crate::accounts::service::store_err;
use crate::accounts::session::{Access, authorize, page_account};
use crate::applications::api::DECIDERS;
use crate::applications::calendar::Date;
use crate::error::AppError;
use crate::ssr::{request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// One chart: the drawing, then its figures.
fn chart_view(
    id: &'static str,
    title: &'static str,
    desc: String,
    chart: BarChart,
    rows: Vec<(String, i64)>,
    t: &'static super::texts::PerformanceTexts,
) -> impl IntoView {
    let (w, h) = (chart.width, chart.height);
    let grid = chart
        .grid
        .iter()
        .map(|(y, v)| {
            view! {
                <line x1="34" x2=w.to_string() y1=format!("{y:.1}") y2=format!("{y:.1}") class="chart-grid" />
                <text x="30" y=format!("{:.1}", y + 4.0) text-anchor="end" class="chart-scale">{scale_label(*v)}</text>
            }
        })
        .collect_view();
    let bars = chart
        .bars
        .into_iter()
        .map(|(x, y, bw, bh, label)| {
            view! {
                <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{bw:.1}") height=format!("{bh:.1}") class="chart-bar" />
                {(!label.is_empty()).then(|| view! {
                    <text x=format!("{:.1}", x + bw / 2.0) y=format!("{:.1}", h - 5.0) text-anchor="middle" class="chart-label">{label}</text>
                })}
            }
        })
        .collect_view();
    let table = rows.into_iter().map(|(label, n)| view! { <tr><td>{label}</td><td>{n}</td></tr> }).collect_view();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>{title}</figcaption>
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-labelledby=labelled_by preserveAspectRatio="none">
                <desc id=desc_id>{desc}</desc>
                {grid}
                {bars}
            </svg>
            <details>
                <summary>{t.show_figures}</summary>
                <table class="table">
                    <thead><tr><th scope="col">{if id == "ratings" { t.score } else { t.day }}</th><th scope="col">{t.count}</th></tr></thead>
                    <tbody>{table}</tbody>
                </table>
            </details>
        </figure>
    }
}

/// `/staff/performance`.
#[component]
pub fn PerformancePage() -> impl IntoView {
    let lang = request_lang();
    let t = performance_texts(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let state = state();
    let caller = authorize(Access::Roles(DECIDERS));
    let load = async move {
        caller?;
        let state = state?;
        let agency = me.agency.clone().ok_or(AppError::Forbidden)?;
        let now = state.clock.now();
        let today = (now + 3 * 3600).div_euclid(86_400);
        let since = (today - WINDOW_DAYS + 1) * 86_400 - 3 * 3600;
        let (rows, ratings) = state.store.agency_performance(&agency, since).await.map_err(store_err)?;
        let name =
            state.catalogue.current().catalogue.agency(&agency).map(|a| a.name.get(lang).to_string()).unwrap_or(agency);
        Ok::<_, AppError>((Performance { days: complete(&rows, today, WINDOW_DAYS), ratings }, name))
    };
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (perf, agency) = match load.await {
                    Ok(x) => x,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                let s = perf.summary();
                let pct = |v: Option<f64>| v.map_or_else(|| t.none_yet.to_string(), |p| format!("{p:.0}%"));
                let day_label = |day: i64| {
                    let d = Date::from_days(day);
                    format!("{}/{}", d.day, d.month)
                };
                let series = |f: fn(&super::performance::DayFigures) -> i64| -> (Vec<Bar>, Vec<(String, i64)>) {
                    let bars = perf.days.iter().map(|d| Bar { label: day_label(d.day), value: f(d) as f64 }).collect();
                    let rows = perf.days.iter().map(|d| (Date::from_days(d.day).iso(), f(d))).collect();
                    (bars, rows)
                };
                let (received_bars, received_rows) = series(|d| d.received);
                let (decided_bars, decided_rows) = series(|d| d.decided);
                let rating_bars: Vec<Bar> = perf.ratings.iter().zip(1..).map(|(n, score)| Bar { label: score.to_string(), value: *n as f64 }).collect();
                let rating_rows: Vec<(String, i64)> = perf.ratings.iter().zip(1..).map(|(n, score)| (score.to_string(), *n)).collect();
                let desc = |what: &str, rows: &[(String, i64)]| {
                    (t.chart_desc)(what, rows.iter().map(|r| r.1).sum(), rows.iter().map(|r| r.1).max().unwrap_or(0))
                };
                let received_desc = desc(t.received_chart, &received_rows);
                let decided_desc = desc(t.decided_chart, &decided_rows);
                let ratings_desc = desc(t.ratings_chart, &rating_rows);
                view! {
                    <p class="lead">{agency}". "{(t.window)(WINDOW_DAYS)}</p>
                    <dl class="summary-list">
                        <div><dt>{t.received}</dt><dd>{s.received}</dd></div>
                        <div><dt>{t.decided}</dt><dd>{s.decided}</dd></div>
                        <div><dt>{t.on_time}</dt><dd>{pct(s.on_time_percent)}</dd></div>
                        <div><dt>{t.breached}</dt><dd>{pct(s.breach_percent)}</dd></div>
                        <div><dt>{t.mean_days}</dt><dd>{s.mean_days_to_decide.map_or_else(|| t.none_yet.to_string(), t.days)}</dd></div>
                        <div><dt>{t.rating}</dt><dd>{s.mean_rating.map_or_else(|| t.none_yet.to_string(), |m| (t.rating_value)(m, s.ratings))}</dd></div>
                    </dl>
                    {chart_view("received", t.received_chart, received_desc, bar_chart(&received_bars, 600.0, 160.0, 7), received_rows, t)}
                    {chart_view("decided", t.decided_chart, decided_desc, bar_chart(&decided_bars, 600.0, 160.0, 7), decided_rows, t)}
                    {chart_view("ratings", t.ratings_chart, ratings_desc, bar_chart(&rating_bars, 300.0, 140.0, 1), rating_rows, t)}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
