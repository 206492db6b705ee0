#![no_main]
// The body and its invariants: secure_reopen::fuzzing::live_stream.
libfuzzer_sys::fuzz_target!(|data: &[u8]| secure_reopen::fuzzing::live_stream(data));
