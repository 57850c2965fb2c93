//! `dswcheck review`: accept or reject the pending snapshots, one key each.

use std::io::{self, IsTerminal as _, Write};
use std::process::ExitCode;

use console::{Key, Term};
use dswcheck::DiffOptions;
use dswcheck::snapshot::{Name, Review, Store, glob_matches};

use super::color::ColorChoice;
use super::snapshot::StoreArgs;

/// Arguments of `dswcheck review`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Each pending snapshot (NAME.json.new in the store) is shown with a header (its name, new or \
changed with the number of changes per class, InstanceName, Status) and what changed: the \
semantic diff from the accepted snapshot, or the whole canonical form of a new one. Then one \
key: a accept (the pending snapshot replaces the accepted one), r reject (it is deleted), \
s skip (it stays pending), f show the full new snapshot, q quit (the rest stay pending).

Without a terminal, --accept or --reject decide for every pending snapshot the names select.

Exit codes:
  0  reviewed (skipped snapshots stay pending; `dswcheck snapshot check` fails on them)
  2  the tool could not run: no terminal without --accept/--reject, an unreadable store file, \
wrong arguments")]
pub struct Args {
    /// Review only the snapshots whose name matches one of these (`*` and `?` are
    /// wildcards: `dsw-12*`) [default: every pending snapshot].
    #[arg(value_name = "NAME")]
    names: Vec<String>,

    /// Accept every selected pending snapshot, without asking.
    #[arg(long, conflicts_with = "reject")]
    accept: bool,

    /// Reject every selected pending snapshot, without asking.
    #[arg(long)]
    reject: bool,

    /// When to colour the screen. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    #[command(flatten)]
    store: StoreArgs,
}

/// What was decided, for the summary.
#[derive(Default)]
struct Tally {
    accepted: usize,
    rejected: usize,
    skipped: usize,
}

impl Tally {
    fn summary(&self) -> String {
        format!(
            "{} accepted, {} rejected, {} skipped",
            self.accepted, self.rejected, self.skipped
        )
    }
}

/// Runs `dswcheck review`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let (store, options) = super::snapshot::open(&args.store)?;
    let selected: Vec<Name> = store
        .pending()?
        .into_iter()
        .filter(|name| {
            args.names.is_empty() || args.names.iter().any(|p| glob_matches(p, name.as_str()))
        })
        .collect();
    let mut out = io::stdout().lock();
    if selected.is_empty() {
        writeln!(out, "no pending snapshots in {}", store.dir().display())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut tally = Tally::default();
    if args.accept || args.reject {
        for name in &selected {
            if args.accept {
                store.accept(name)?;
                tally.accepted += 1;
                writeln!(out, "accepted {}", store.accepted_path(name).display())?;
            } else {
                store.remove_pending(name)?;
                tally.rejected += 1;
                writeln!(out, "rejected {}", store.pending_path(name).display())?;
            }
        }
        writeln!(out, "{}", tally.summary())?;
        return Ok(ExitCode::SUCCESS);
    }
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "error: dswcheck review needs a terminal to ask about {} pending snapshot(s) in {}; \
                 without one, decide for all of them with `dswcheck review --accept` or \
                 `dswcheck review --reject` (NAME... selects some), or list them with \
                 `dswcheck snapshot pending`",
                selected.len(),
                store.dir().display()
            );
        }
        return Ok(ExitCode::from(2));
    }
    drop(out);
    interactive(&store, &options, &selected, args.color.stdout(), &mut tally)?;
    let mut out = io::stdout().lock();
    writeln!(out, "\n{}", tally.summary())?;
    Ok(ExitCode::SUCCESS)
}

/// One key per pending snapshot, until every one is decided or `q`.
fn interactive(
    store: &Store,
    options: &DiffOptions,
    selected: &[Name],
    color: bool,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let term = Term::stdout();
    let mut out = io::stdout();
    for (i, name) in selected.iter().enumerate() {
        let review = Review::load(store, name, options)?;
        write!(
            out,
            "\n[{}/{}] {}\n{}",
            i + 1,
            selected.len(),
            review.header(color),
            review.body(color)
        )?;
        loop {
            write!(
                out,
                "\n  a accept   r reject   s skip   f full snapshot   q quit > "
            )?;
            out.flush()?;
            // Raw: ^C comes back as a key, so quitting still prints the summary.
            match term.read_key_raw()? {
                Key::Char('a' | 'A') => {
                    store.accept(name)?;
                    tally.accepted += 1;
                    writeln!(out, "accepted")?;
                    break;
                }
                Key::Char('r' | 'R') => {
                    store.remove_pending(name)?;
                    tally.rejected += 1;
                    writeln!(out, "rejected")?;
                    break;
                }
                Key::Char('s' | 'S') | Key::Enter => {
                    tally.skipped += 1;
                    writeln!(out, "skipped")?;
                    break;
                }
                Key::Char('f' | 'F') => {
                    write!(out, "full snapshot\n\n{}", review.full)?;
                }
                Key::Char('q' | 'Q') | Key::Escape | Key::CtrlC => {
                    writeln!(out, "quit")?;
                    tally.skipped += selected.len() - i;
                    return Ok(());
                }
                _ => {}
            }
        }
    }
    Ok(())
}
