//! The PHP/.env config reader on arbitrary bytes: never panics, and every password value it
//! finds can be rewritten and read back (`configs::check_reader`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    secure_reopen::passwords::configs::check_reader(data);
});
