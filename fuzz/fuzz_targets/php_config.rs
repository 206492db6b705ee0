#![no_main]
// The body and its invariants: secure_reopen::fuzzing::php_config.
libfuzzer_sys::fuzz_target!(|data: &[u8]| secure_reopen::fuzzing::php_config(data));
