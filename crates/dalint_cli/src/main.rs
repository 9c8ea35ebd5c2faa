fn main() {
    println!("dalint {}", dalint_core::VERSION);
}
