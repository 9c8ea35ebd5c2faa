//! Stable sorting with one small copy of a sort algorithm for the whole crate (and dalint_wasm).
//!
//! `slice::sort_by` is generic over the element and the comparator: every call site gets its own
//! copy of driftsort (quicksort, merges, small-sorts), 1 to 30 KB of WebAssembly each, about
//! 90 KB for the crate's sorts. Here only a list of indices is sorted, by one non-generic merge
//! sort that calls the comparator through `&dyn Fn`; what remains per element type is a small
//! loop that moves the elements into place. Equal elements keep their order, exactly as with
//! `slice::sort_by` (the property tests compare the two).
//!
//! The slices sorted here are short (the diagnostics of a file, the findings of a string) and
//! often sorted already (found in order), which costs one comparison per element.

use std::cmp::Ordering;

/// [`slice::sort`]: stable, by `Ord`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// [`slice::sort_by_key`]: stable, by the key `f` returns.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], f: impl Fn(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// [`slice::sort_by`]: stable, by `compare`.
pub fn sort_by<T>(v: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_order(v.len(), &|a, b| compare(&v[a], &v[b]));
    permute(v, order);
}

/// The indices `0..len` in the stable order of `compare` (of two indices): insertion sort of
/// runs of [`RUN`], then rounds of merges of neighbouring runs (two already in order are copied).
#[inline(never)]
fn sorted_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let greater = |a: usize, b: usize| compare(a, b) == Ordering::Greater;
    let mut order: Vec<usize> = (0..len).collect();
    for start in (0..len).step_by(RUN) {
        let end = (start + RUN).min(len);
        for i in start + 1..end {
            // An element moves left only past greater ones: equal ones keep their order.
            let mut j = i;
            while j > start && greater(order[j - 1], order[j]) {
                order.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    if len <= RUN {
        return order;
    }
    let mut from = order;
    let mut to = vec![0; len];
    let mut width = RUN;
    while width < len {
        for lo in (0..len).step_by(2 * width) {
            let mid = (lo + width).min(len);
            let hi = (lo + 2 * width).min(len);
            if mid == hi || !greater(from[mid - 1], from[mid]) {
                to[lo..hi].copy_from_slice(&from[lo..hi]);
                continue;
            }
            let (mut i, mut j) = (lo, mid);
            for slot in &mut to[lo..hi] {
                // On a tie the left run's element first: stable.
                if j == hi || (i < mid && !greater(from[i], from[j])) {
                    *slot = from[i];
                    i += 1;
                } else {
                    *slot = from[j];
                    j += 1;
                }
            }
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

/// Length of the runs [`sorted_order`] sorts by insertion before merging.
const RUN: usize = 16;

/// Moves `v[order[k]]` to position `k` for every `k`, one cycle of the permutation at a time.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        // `order[at] == at` marks a position that holds its element (moved or in place already).
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_as_std_stable_sort(v in proptest::collection::vec((0u8..4, any::<u16>()), 0..600)) {
            let mut ours = v.clone();
            let mut std = v;
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sorts_by_ord(v in proptest::collection::vec(any::<i32>(), 0..600)) {
            let mut ours = v.clone();
            let mut std = v;
            sort(&mut ours);
            std.sort();
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn keeps_runs_that_are_in_order(mut v in proptest::collection::vec(0u8..8, 0..600), cut in 0usize..600) {
            let cut = cut.min(v.len());
            v[..cut].sort();
            let mut ours: Vec<(u8, usize)> = v.iter().copied().zip(0..).collect();
            let mut std = ours.clone();
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            prop_assert_eq!(ours, std);
        }
    }
}
