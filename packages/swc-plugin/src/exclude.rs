//! The `exclude` option: path patterns matched against the module id (the file path relative to `root`,
//! POSIX separators). The same rule as packages/babel-plugin/src/exclude.ts; keep them identical.
//!
//! - A pattern and the module id are split at `/` (empty segments and a leading `./` are dropped).
//! - `**` as a whole segment matches any number of segments, none included; within a segment `*`
//!   matches any run of characters and `?` exactly one. Every other character matches itself
//!   (case-sensitive). `*` and `**` also match names starting with a dot (`.pnpm`) and `..`.
//! - A pattern matches the module id, or any directory that contains the file: `generated` and
//!   `generated/**` both exclude `generated/api.js`.

/// The default: nothing under a `node_modules` directory is instrumented.
pub const DEFAULT_EXCLUDE: &[&str] = &["**/node_modules/**"];

fn segments(path: &str) -> Vec<&str> {
    path.split('/')
        .enumerate()
        .filter(|&(index, segment)| !segment.is_empty() && !(index == 0 && segment == "."))
        .map(|(_, segment)| segment)
        .collect()
}

/// `*` and `?` within one segment (characters are Unicode scalar values, as code points in JavaScript).
fn segment_matches(pattern: &[char], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<usize> = None;
    let mut star_text = 0;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            p += 1;
            star_text = t;
        } else if let Some(s) = star {
            p = s + 1;
            star_text += 1;
            t = star_text;
        } else {
            return false;
        }
    }
    while p < pattern.len() && pattern[p] == '*' {
        p += 1;
    }
    p == pattern.len()
}

fn matches_from(pattern: &[&str], path: &[&str]) -> bool {
    let Some((first, rest)) = pattern.split_first() else {
        return true; // the whole path, or a directory containing it
    };
    if *first == "**" {
        return (0..=path.len()).any(|k| matches_from(rest, &path[k..]));
    }
    match path.split_first() {
        Some((segment, path_rest)) => {
            let p: Vec<char> = first.chars().collect();
            let t: Vec<char> = segment.chars().collect();
            segment_matches(&p, &t) && matches_from(rest, path_rest)
        }
        None => false,
    }
}

/// Whether `module_id` matches one of `patterns`.
pub fn is_excluded<S: AsRef<str>>(module_id: &str, patterns: &[S]) -> bool {
    let path = segments(module_id);
    patterns.iter().any(|pattern| matches_from(&segments(pattern.as_ref()), &path))
}

/// Why a pattern is invalid, or None.
pub fn invalid_pattern(pattern: &str) -> Option<&'static str> {
    segments(pattern).is_empty().then_some("a pattern must name at least one path segment")
}

#[cfg(test)]
mod tests {
    use super::{is_excluded, DEFAULT_EXCLUDE};

    #[test]
    fn default_excludes_node_modules() {
        assert!(is_excluded("node_modules/next/dist/client/index.js", DEFAULT_EXCLUDE));
        assert!(is_excluded("../../node_modules/.pnpm/next@16.4.6/node_modules/next/dist/a.js", DEFAULT_EXCLUDE));
        assert!(is_excluded("packages/x/node_modules/y/index.js", DEFAULT_EXCLUDE));
        assert!(!is_excluded("src/node_modules.js", DEFAULT_EXCLUDE));
        assert!(!is_excluded("src/my_node_modules/a.js", DEFAULT_EXCLUDE));
        assert!(!is_excluded("app/page.tsx", DEFAULT_EXCLUDE));
    }

    #[test]
    fn patterns() {
        assert!(is_excluded("generated/api.js", &["generated"]));
        assert!(is_excluded("generated/api.js", &["./generated/"]));
        assert!(!is_excluded("src/generated/api.js", &["generated"]));
        assert!(is_excluded("src/generated/api.js", &["**/generated"]));
        assert!(is_excluded("src/a.gen.js", &["**/*.gen.js"]));
        assert!(is_excluded("a.gen.js", &["**/*.gen.js"]));
        assert!(!is_excluded("src/a.gen.jsx", &["**/*.gen.js"]));
        assert!(is_excluded("src/v1/a.js", &["src/v?/*.js"]));
        assert!(!is_excluded("src/v10/a.js", &["src/v?/*.js"]));
        assert!(is_excluded("src/é/a.js", &["src/?/a.js"]));
        assert!(is_excluded("src/a.js", &["**"]));
        assert!(!is_excluded("src/a.js", &[] as &[&str]));
        assert!(!is_excluded("Src/a.js", &["src"]));
    }
}
