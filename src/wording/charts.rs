//! The charts of the SPASER report, drawn as SVG by the plotters library: each indicator against its
//! target, the trend of the indicators over the years, the reservable potential by CPV division.
//! Plain SVG with text labels, readable and printable without any script.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::spaser::Measurement;
use crate::spaser::potential::Potential;

/// Met targets and the bars of the potential.
const GREEN: RGBColor = RGBColor(46, 125, 50);
/// Missed targets.
const RED: RGBColor = RGBColor(198, 40, 40);
/// The potential's bars.
const BLUE: RGBColor = RGBColor(21, 101, 192);
/// One colour per indicator in the trend, in the order S1, S2, E1, E2, R1, I1.
const SERIES: [RGBColor; 6] = [
    RGBColor(21, 101, 192),
    RGBColor(100, 181, 246),
    RGBColor(46, 125, 50),
    RGBColor(129, 199, 132),
    RGBColor(239, 108, 0),
    RGBColor(142, 36, 170),
];
/// The labels' font.
const FONT: (&str, u32) = ("sans-serif", 16);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// Draws on an SVG area of `width` × `height` pixels; the SVG text, named `label` for screen readers,
/// or nothing if drawing failed.
fn svg(label: &str, width: u32, height: u32, draw: impl FnOnce(&Area) -> Drawn) -> String {
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        root.fill(&WHITE)
            .map_err(|e| e.to_string().into())
            .and_then(|()| draw(&root))
            .and_then(|()| root.present().map_err(|e| e.to_string().into()))
    };
    if drawn.is_err() {
        return String::new();
    }
    out.replacen("<svg ", &format!("<svg role=\"img\" aria-label=\"{}\" ", super::escape(label)), 1)
}

/// A chart's frame: its title, margins and the room for the axes' labels.
fn framed<'a, 'b>(root: &'a Area<'b>, title: &str) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(root);
    builder.caption(title, FONT).margin(8).margin_right(28).x_label_area_size(24).y_label_area_size(56);
    builder
}

/// The observed share of each indicator of one year, in % (green when its target is met, red
/// otherwise), its target drawn as a black mark across its bar.
pub fn indicators_chart(m: &Measurement) -> String {
    let indicators = m.indicators.all();
    let codes: Vec<String> = indicators.iter().map(|i| i.code.as_str().to_string()).collect();
    let title = format!("Indicateurs {} : part observée et cible (trait noir)", m.year);
    svg(&title, 560, 260, |root| {
        let mut chart = framed(root, &title).build_cartesian_2d(-0.5f64..5.5f64, 0f64..100f64)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(6)
            .x_label_formatter(&|x| label_at(&codes, *x))
            .y_desc("%")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(FONT)
            .draw()?;
        for (n, i) in indicators.iter().enumerate() {
            let x = n as f64;
            let observed = i.observed.unwrap_or(0.0).clamp(0.0, 1.0) * 100.0;
            let colour = if i.attainment.is_some_and(|a| a >= 1.0) { GREEN } else { RED };
            chart
                .draw_series(std::iter::once(Rectangle::new([(x - 0.3, 0.0), (x + 0.3, observed)], colour.filled())))?;
            let target = i.target.clamp(0.0, 1.0) * 100.0;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x - 0.4, target), (x + 0.4, target)],
                BLACK.stroke_width(3),
            )))?;
        }
        Ok(())
    })
}

/// The label at position `x` of a category axis: the label of the item there, nothing between items.
fn label_at(labels: &[String], x: f64) -> String {
    let n = x.round();
    if (x - n).abs() > 0.01 || n < 0.0 {
        return String::new();
    }
    labels.get(n as usize).cloned().unwrap_or_default()
}

/// The observed share of each indicator over the years, in %, one line per indicator; `None` for
/// fewer than two years measured.
pub fn trend_chart(years: &[Measurement]) -> Option<String> {
    let first = years.iter().map(|m| m.year).min()?;
    let last = years.iter().map(|m| m.year).max()?;
    if first == last {
        return None;
    }
    let title = "Évolution des indicateurs (part observée, %)";
    let chart = svg(title, 560, 280, |root| {
        let mut chart = framed(root, title).build_cartesian_2d(i32::from(first)..i32::from(last), 0f64..100f64)?;
        chart
            .configure_mesh()
            .x_labels(usize::from((last - first + 1).unsigned_abs()))
            .x_label_formatter(&|year| year.to_string())
            .y_desc("%")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(FONT)
            .draw()?;
        let mut ordered: Vec<&Measurement> = years.iter().collect();
        ordered.sort_by_key(|m| m.year);
        for (n, colour) in SERIES.iter().enumerate() {
            let points: Vec<(i32, f64)> = ordered
                .iter()
                .filter_map(|m| Some((i32::from(m.year), m.indicators.all()[n].observed? * 100.0)))
                .collect();
            let code = ordered.first().map_or("", |m| m.indicators.all()[n].code.as_str());
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(2)).point_size(3))?
                .label(code)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .border_style(BLACK)
            .background_style(WHITE.mix(0.8))
            .label_font(FONT)
            .draw()?;
        Ok(())
    });
    Some(chart)
}

/// The value of the contracts that could have been reserved, by CPV division, in thousands of euros.
pub fn division_chart(p: &Potential) -> String {
    let names: Vec<String> =
        p.by_division.iter().map(|d| d.division.as_deref().map_or("sans CPV".to_string(), |c| c.to_string())).collect();
    let top = p.by_division.iter().map(|d| d.value_eur / 1000.0).fold(0.0, f64::max).max(1.0) * 1.1;
    let count = p.by_division.len().max(1);
    let title = format!("Potentiel réservable {} par division CPV (k€)", p.year);
    svg(&title, 560, 260, |root| {
        let mut chart = framed(root, &title).build_cartesian_2d(-0.5f64..(count as f64 - 0.5), 0f64..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(count)
            .x_label_formatter(&|x| label_at(&names, *x))
            .y_desc("k€")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(FONT)
            .draw()?;
        chart.draw_series(p.by_division.iter().enumerate().map(|(n, d)| {
            let x = n as f64;
            Rectangle::new([(x - 0.3, 0.0), (x + 0.3, d.value_eur / 1000.0)], BLUE.filled())
        }))?;
        Ok(())
    })
}
