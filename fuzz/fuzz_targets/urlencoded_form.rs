#![no_main]
// The body and its invariants: secure_reopen::fuzzing::urlencoded_form.
libfuzzer_sys::fuzz_target!(|data: &[u8]| secure_reopen::fuzzing::urlencoded_form(data));
