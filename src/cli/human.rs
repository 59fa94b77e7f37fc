//! The human output's colours and the note on the facts the flags would give: the report and
//! the plan themselves are rendered by the library (`clb_preflight::render`) from their data,
//! in the styles given here. Whether the styles reach the terminal is `anstream`'s business
//! (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`, not a terminal).

use anstyle::{AnsiColor, Style as Ansi};
use clb_preflight::render::{Options, Source, Style, Styles};
use clb_preflight::{Report, Rule};

/// The colours of the human output, as clap and cargo colour theirs.
pub(crate) fn styles() -> Styles {
    let style = |ansi: Ansi| Style::new(ansi.render().to_string(), ansi.render_reset().to_string());
    let mut styles = Styles::plain();
    styles.error = style(AnsiColor::Red.on_default().bold());
    styles.warning = style(AnsiColor::Yellow.on_default().bold());
    styles.help = style(AnsiColor::Cyan.on_default().bold());
    styles.gutter = style(AnsiColor::Blue.on_default().bold());
    styles.bold = style(Ansi::new().bold());
    styles.valid = style(AnsiColor::Green.on_default().bold());
    styles.added = style(AnsiColor::Green.on_default());
    styles.dim = style(Ansi::new().dimmed());
    styles
}

/// Which facts were given, for the note on unchecked rules.
#[derive(Clone, Copy)]
pub(crate) struct Given {
    pub(crate) load_balancer: bool,
    pub(crate) vserver_group: bool,
    pub(crate) servers: bool,
}

/// The report for people. `prefix` starts each heading and the verdict (`line 3: ` in batch
/// mode); `named` puts the source's name before the verdict (several files); `note` adds, to a
/// valid report, the note on the rules its facts left unchecked.
pub(crate) fn render(
    report: &Report,
    source: &Source<'_>,
    given: Given,
    prefix: &str,
    named: bool,
    note: bool,
) -> String {
    let rules: Vec<Rule> = report.unchecked().collect();
    let group = report
        .call()
        .is_some_and(|c| c.action().takes_vserver_group_id());
    let note = (note && !rules.is_empty()).then(|| unchecked_note(&rules, given, group));
    let mut options = Options::default();
    options.prefix = prefix;
    options.named = named;
    options.note = note.as_deref();
    report.render(source, &styles(), &options)
}

/// `note: R20–R28 unchecked: give the facts, --load-balancer FILE and --servers FILE, to check
/// them`, or nothing when every rule was checked. Only a valid report gets it: "valid" then
/// means "valid as far as these rules go".
pub(crate) fn note_line(rules: &[Rule], given: Given, group: bool) -> String {
    if rules.is_empty() {
        return String::new();
    }
    let dim = Ansi::new().dimmed();
    format!(
        "{}note: {}{}\n",
        dim.render(),
        unchecked_note(rules, given, group),
        dim.render_reset()
    )
}

/// `R20–R28 unchecked: give --load-balancer FILE and --servers FILE to check them`. A call on a
/// vServer group (`group`) checks its membership rules (R21, R32) against the group's facts.
fn unchecked_note(rules: &[Rule], given: Given, group: bool) -> String {
    let list = ranges(rules);
    // The facts the rules need that were not given: only those are asked for.
    let membership = |r: &Rule| group && (*r == Rule::R21 || *r == Rule::R32);
    let vserver_group = !given.vserver_group && rules.iter().any(membership);
    let load_balancer = !given.load_balancer
        && rules
            .iter()
            .any(|r| r.needs_load_balancer() && !membership(r));
    let servers = !given.servers && rules.iter().any(|r| r.needs_servers());
    if vserver_group {
        let mut flags = vec!["--vserver-group FILE (DescribeVServerGroupAttribute)"];
        if load_balancer {
            flags.push("--load-balancer FILE");
        }
        if servers {
            flags.push("--servers FILE");
        }
        return format!("{list} unchecked: give {} to check them", flags.join(", "));
    }
    let how = match (load_balancer, servers) {
        (true, true) => "give the facts, --load-balancer FILE and --servers FILE, to check them",
        (false, true) => "give --servers FILE (the servers' Describe responses) to check them",
        (true, false) => "give --load-balancer FILE (DescribeLoadBalancerAttribute) to check them",
        (false, false) => {
            "the facts given do not tell (a server they do not describe, UnknownServer, or a field they lack)"
        }
    };
    format!("{list} unchecked: {how}")
}

/// `R20–R28`, `R22–R24, R28`: runs of three or more as a range.
fn ranges(rules: &[Rule]) -> String {
    let numbers: Vec<u8> = rules.iter().map(|r| r.number()).collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while let Some(&start) = numbers.get(i) {
        let mut end = i;
        while numbers.get(end + 1) == Some(&(numbers.get(end).copied().unwrap_or(0) + 1)) {
            end += 1;
        }
        let last = numbers.get(end).copied().unwrap_or(start);
        match end - i {
            0 => parts.push(format!("R{start}")),
            1 => parts.push(format!("R{start}, R{last}")),
            _ => parts.push(format!("R{start}–R{last}")),
        }
        i = end + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_lists_are_short() {
        let rules: Vec<Rule> = [20, 21, 22, 23, 24, 25, 26, 27, 28]
            .into_iter()
            .filter_map(Rule::new)
            .collect();
        assert_eq!(ranges(&rules), "R20–R28");
        let rules: Vec<Rule> = [22, 23, 24, 28].into_iter().filter_map(Rule::new).collect();
        assert_eq!(ranges(&rules), "R22–R24, R28");
        let rules: Vec<Rule> = [1, 2, 5].into_iter().filter_map(Rule::new).collect();
        assert_eq!(ranges(&rules), "R1, R2, R5");
    }
}
