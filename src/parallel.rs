//! Work on a stream of items on every core, with the results taken in the
//! items' order: how extract and normalize process documents in parallel
//! and still write them in a deterministic order, with memory bounded by a
//! window of documents rather than by the corpus or a fixed batch.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::panic::AssertUnwindSafe;
use std::sync::{Condvar, Mutex};

use anyhow::Result;

/// How many items per thread may be in work or waiting to be taken at once:
/// enough that a large document does not leave the other threads idle,
/// few enough that memory holds a handful of documents.
const WINDOW_PER_THREAD: usize = 4;

/// Runs `work` on each item of `items` on as many threads as rayon's pool
/// has (`RAYON_NUM_THREADS`), and passes the results to `take` one by one
/// in the items' order. At most a window of items is in work or waiting at
/// once; `items` is drawn from one thread at a time, so it may read a file.
/// The first error `take` returns stops the work and is returned, as does a
/// panic in `work`.
pub fn map_in_order<I, R>(
    items: impl Iterator<Item = I> + Send,
    work: impl Fn(I) -> R + Sync,
    mut take: impl FnMut(R) -> Result<()>,
) -> Result<()>
where
    I: Send,
    R: Send,
{
    let threads = rayon::current_num_threads().max(1);
    let window = threads * WINDOW_PER_THREAD;
    let state = Mutex::new(Feed { items, next: 0, taken: 0, stop: false });
    let room = Condvar::new();
    std::thread::scope(|scope| {
        let (sender, results) = mpsc::channel::<(usize, Result<R, String>)>();
        for _ in 0..threads {
            let sender = sender.clone();
            let (state, room, work) = (&state, &room, &work);
            scope.spawn(move || loop {
                let (index, item) = {
                    let mut feed = state.lock().expect("no thread panics holding the feed");
                    while !feed.stop && feed.next >= feed.taken + window {
                        feed = room.wait(feed).expect("no thread panics holding the feed");
                    }
                    if feed.stop {
                        return;
                    }
                    let Some(item) = feed.items.next() else {
                        feed.stop = true;
                        room.notify_all();
                        return;
                    };
                    feed.next += 1;
                    (feed.next - 1, item)
                };
                // A panic in one item's work stops the others (they would
                // wait for its result for ever) and comes back as an error.
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(item))).map_err(|payload| {
                    state.lock().expect("no thread panics holding the feed").stop = true;
                    room.notify_all();
                    panic_message(payload.as_ref())
                });
                if sender.send((index, result)).is_err() {
                    return;
                }
            });
        }
        drop(sender);
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut taken = 0;
        let outcome = (|| {
            for (index, result) in &results {
                let result = result.map_err(|message| anyhow::anyhow!("internal error in item {}: {message}", index + 1))?;
                waiting.insert(index, result);
                while let Some(result) = waiting.remove(&taken) {
                    take(result)?;
                    taken += 1;
                    state.lock().expect("no thread panics holding the feed").taken = taken;
                    room.notify_all();
                }
            }
            Ok(())
        })();
        if outcome.is_err() {
            state.lock().expect("no thread panics holding the feed").stop = true;
            room.notify_all();
        }
        drop(results);
        outcome
    })
}

/// What a panic said, when it said it in words.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// The items still to hand out, and how far work and taking have come.
struct Feed<T> {
    items: T,
    /// The index of the next item handed out.
    next: usize,
    /// How many results have been taken, in order.
    taken: usize,
    /// Set when the items are exhausted or taking failed.
    stop: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whatever_finishes_first() {
        let mut seen = Vec::new();
        map_in_order(
            0..200u64,
            |i| {
                std::thread::sleep(std::time::Duration::from_micros((200 - i) % 7 * 50));
                i * 2
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..200).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_error_in_order_stops_the_work() {
        let mut seen = Vec::new();
        let outcome = map_in_order(
            0..1000u64,
            |i| i,
            |r| {
                if r == 10 {
                    anyhow::bail!("stop at {r}");
                }
                seen.push(r);
                Ok(())
            },
        );
        assert_eq!(outcome.unwrap_err().to_string(), "stop at 10");
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_the_work_stops_it_with_an_error_not_a_hang() {
        let outcome = map_in_order(
            0..1000u64,
            |i| {
                assert!(i != 3, "item {i} is bad");
                i
            },
            |_| Ok(()),
        );
        assert_eq!(outcome.unwrap_err().to_string(), "internal error in item 4: item 3 is bad");
    }
}
