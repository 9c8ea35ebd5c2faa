//! `cargo bench -p dalint_core`: parse, lint, apply_fixes and preview on generated documents from
//! 1 KiB to 10 MiB (the same generator as the comparison script and the property tests). Throughput is
//! reported per input byte; compare the MiB/s across sizes to see that time is linear.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use dalint_core::parse::{parse, Dialect};
use dalint_core::preview::{self, PreviewOptions};
use dalint_core::{apply_fixes, lint, FixOptions, Options};
use dalint_testgen::{generate_seeded, Config};

const SIZES: &[(&str, usize)] =
    &[("1KiB", 1 << 10), ("16KiB", 16 << 10), ("256KiB", 256 << 10), ("1MiB", 1 << 20), ("10MiB", 10 << 20)];

/// Every fix, including the credential rewrites that drop the secret (nothing is stored).
const ALL_FIXES: FixOptions = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };

fn inputs(config: fn(usize) -> Config) -> Vec<(&'static str, String)> {
    SIZES.iter().map(|&(label, bytes)| (label, generate_seeded(&config(bytes), 1).text)).collect()
}

fn group_for<'c>(c: &'c mut Criterion, name: &str) -> criterion::BenchmarkGroup<'c, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(3));
    group
}

fn bench_parse(c: &mut Criterion) {
    let mut group = group_for(c, "parse");
    for (label, text) in inputs(Config::sparse) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| parse(text, Dialect::Json).map(|d| d.max_depth).unwrap_or_default())
        });
    }
    group.finish();
}

fn bench_lint(c: &mut Criterion) {
    let options = Options::default();
    for (name, config) in [("lint/sparse", Config::sparse as fn(usize) -> Config), ("lint/dense", Config::dense)] {
        let mut group = group_for(c, name);
        for (label, text) in inputs(config) {
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
                b.iter(|| lint(text, &options).len())
            });
        }
        group.finish();
    }
}

fn bench_apply_fixes(c: &mut Criterion) {
    let options = Options::default();
    let mut group = group_for(c, "apply_fixes/dense");
    for (label, text) in inputs(Config::dense) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| apply_fixes(text, &options, ALL_FIXES).map(|o| o.text.len()).unwrap_or_default())
        });
    }
    group.finish();
}

/// Every action of the document rendered, then printed as an HTTP message.
fn bench_preview(c: &mut Criterion) {
    let options = PreviewOptions::default();
    let mut group = group_for(c, "preview/sparse");
    for (label, text) in inputs(Config::sparse) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| {
                dalint_core::language::preview(text, &options)
                    .map(|p| preview::format::to_text(&p).len())
                    .unwrap_or_default()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_parse, bench_lint, bench_apply_fixes, bench_preview);
criterion_main!(benches);
