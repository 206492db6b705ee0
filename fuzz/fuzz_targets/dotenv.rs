#![no_main]
// The body and its invariants: secure_reopen::fuzzing::dotenv.
libfuzzer_sys::fuzz_target!(|data: &[u8]| secure_reopen::fuzzing::dotenv(data));
