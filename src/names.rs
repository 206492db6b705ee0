//! `names!`: an enum whose variants cross a boundary as fixed text (a form's `action`, an audit
//! event, a helper action). Each variant's text is written once, beside it; `as_str` and
//! `parse` are generated from that one list, so they cannot disagree, and matching on the enum
//! is exhaustive: adding a variant makes the compiler list every place that must handle it.

macro_rules! names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        #[allow(dead_code)]
        impl $name {
            /// Every variant, in declaration order.
            $vis const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The variant's text on the wire or on disk.
            $vis fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The variant named `s`, or `None` for any other text.
            $vis fn parse(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
