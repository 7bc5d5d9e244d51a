//! How well an agency serves: volumes, decisions within the charter, time to decide and
//! citizens' ratings over a window of days, and the bar charts that show them. Charts are
//! plain SVG drawn on the server (no chart library reaches the phone), each with a text
//! equivalent for screen readers.

use serde::{Deserialize, Serialize};

/// Days the performance page looks back over.
pub const WINDOW_DAYS: i64 = 30;

/// One day's figures (day = days since 1970-01-01 in EAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DayFigures {
    /// The day.
    pub day: i64,
    /// Applications submitted.
    pub received: i64,
    /// Applications decided (approved or rejected).
    pub decided: i64,
    /// Of those, decided without missing the charter date.
    pub on_time: i64,
    /// Total seconds from submission to decision, over the decided ones.
    pub decide_secs: i64,
}

/// The window's figures, every day present (days without activity are zero).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Performance {
    /// One entry per day, oldest first.
    pub days: Vec<DayFigures>,
    /// Ratings 1 to 5: how many of each.
    pub ratings: [i64; 5],
}

/// Whole-window summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Applications submitted.
    pub received: i64,
    /// Applications decided.
    pub decided: i64,
    /// Percent decided within the charter (`None` with no decisions).
    pub on_time_percent: Option<f64>,
    /// Percent that breached the charter (`None` with no decisions).
    pub breach_percent: Option<f64>,
    /// Mean days from submission to decision.
    pub mean_days_to_decide: Option<f64>,
    /// Mean rating (`None` without ratings).
    pub mean_rating: Option<f64>,
    /// Ratings given.
    pub ratings: i64,
}

/// Fills the days without activity and orders them, for `last_day` and the days before it.
pub fn complete(rows: &[DayFigures], last_day: i64, days: i64) -> Vec<DayFigures> {
    (last_day - days + 1..=last_day)
        .map(|day| {
            rows.iter().filter(|r| r.day == day).fold(DayFigures { day, ..DayFigures::default() }, |a, r| DayFigures {
                day,
                received: a.received + r.received,
                decided: a.decided + r.decided,
                on_time: a.on_time + r.on_time,
                decide_secs: a.decide_secs + r.decide_secs,
            })
        })
        .collect()
}

impl Performance {
    /// Totals and rates over the window.
    pub fn summary(&self) -> Summary {
        let received = self.days.iter().map(|d| d.received).sum();
        let decided: i64 = self.days.iter().map(|d| d.decided).sum();
        let on_time: i64 = self.days.iter().map(|d| d.on_time).sum();
        let secs: i64 = self.days.iter().map(|d| d.decide_secs).sum();
        let ratings: i64 = self.ratings.iter().sum();
        let weighted: i64 = self.ratings.iter().zip(1..).map(|(n, score)| n * score).sum();
        let pct = |n: i64| (decided > 0).then(|| 100.0 * n as f64 / decided as f64);
        Summary {
            received,
            decided,
            on_time_percent: pct(on_time),
            breach_percent: pct(decided - on_time),
            mean_days_to_decide: (decided > 0).then(|| secs as f64 / decided as f64 / 86_400.0),
            mean_rating: (ratings > 0).then(|| weighted as f64 / ratings as f64),
            ratings,
        }
    }
}

/// One bar of a chart: its label (shown under every few bars) and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label under the bar.
    pub label: String,
    /// Height.
    pub value: f64,
}

/// A bar chart's geometry, drawn as SVG by the page.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Width of the drawing (SVG units; the drawing scales to the screen).
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
    /// The top of the scale (a round number at or above the largest value).
    pub max: f64,
    /// Each bar: x, y, width, height, and label (empty when not shown).
    pub bars: Vec<(f64, f64, f64, f64, String)>,
    /// Grid lines: y and value.
    pub grid: Vec<(f64, f64)>,
}

/// Room left of the bars for the scale, and under them for labels.
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 20.0;

/// The smallest "nice" number (1, 2 or 5 times a power of ten) at or above `v`.
pub fn nice_ceiling(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|c| *c >= v - 1e-9).unwrap_or(10.0 * power)
}

/// Lays out `bars` in a `width` × `height` drawing, labelling every `label_every`-th bar.
pub fn bar_chart(bars: &[Bar], width: f64, height: f64, label_every: usize) -> BarChart {
    let largest = bars.iter().map(|b| b.value).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let max = nice_ceiling(largest);
    let plot_h = height - BOTTOM;
    let slot = if bars.is_empty() { 0.0 } else { (width - LEFT) / bars.len() as f64 };
    let laid = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let v = if b.value.is_finite() { b.value.clamp(0.0, max) } else { 0.0 };
            let h = plot_h * v / max;
            let label = if label_every > 0 && i % label_every == 0 { b.label.clone() } else { String::new() };
            (LEFT + i as f64 * slot + slot * 0.15, plot_h - h, slot * 0.7, h, label)
        })
        .collect();
    let grid = (0..=2).map(|k| (plot_h - plot_h * k as f64 / 2.0, max * k as f64 / 2.0)).collect();
    BarChart { width, height, max, bars: laid, grid }
}

/// A number for a chart's scale: no decimals for whole numbers, one otherwise.
pub fn scale_label(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 { format!("{}", v.round() as i64) } else { format!("{v:.1}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn missing_days_are_zero_and_the_window_is_ordered() {
        let rows = [
            DayFigures { day: 10, received: 3, ..Default::default() },
            DayFigures { day: 8, decided: 2, on_time: 1, decide_secs: 86_400 * 4, ..Default::default() },
        ];
        let days = complete(&rows, 10, 4);
        assert_eq!(days.iter().map(|d| d.day).collect::<Vec<_>>(), [7, 8, 9, 10]);
        assert_eq!(days[0], DayFigures { day: 7, ..Default::default() });
        let p = Performance { days, ratings: [0, 0, 1, 0, 3] };
        let s = p.summary();
        assert_eq!((s.received, s.decided), (3, 2));
        assert_eq!((s.on_time_percent, s.breach_percent), (Some(50.0), Some(50.0)));
        assert_eq!(s.mean_days_to_decide, Some(2.0));
        assert_eq!((s.mean_rating, s.ratings), (Some(4.5), 4));
        let empty = Performance { days: complete(&[], 10, 3), ratings: [0; 5] }.summary();
        assert_eq!((empty.on_time_percent, empty.mean_rating, empty.mean_days_to_decide), (None, None, None));
    }

    #[test]
    fn scales_end_on_round_numbers() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(10.0), 10.0);
        assert_eq!(nice_ceiling(11.0), 20.0);
        assert_eq!(nice_ceiling(230.0), 500.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        assert_eq!(scale_label(2.5), "2.5");
        assert_eq!(scale_label(500.0), "500");
    }

    proptest! {
        #[test]
        fn bars_stay_inside_the_drawing(values in proptest::collection::vec(0.0f64..1e7, 0..60)) {
            let bars: Vec<Bar> = values.iter().enumerate().map(|(i, v)| Bar { label: i.to_string(), value: *v }).collect();
            let c = bar_chart(&bars, 600.0, 160.0, 7);
            prop_assert!(c.max >= values.iter().cloned().fold(0.0, f64::max));
            for (x, y, w, h, _) in &c.bars {
                prop_assert!(*x >= 0.0 && x + w <= 600.0 + 1e-6);
                prop_assert!(*y >= -1e-6 && *h >= 0.0 && y + h <= 160.0 - BOTTOM + 1e-6);
            }
        }
    }
}
