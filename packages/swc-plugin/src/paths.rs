//! Module ids: the file name relative to `root`, with POSIX separators (docs/protocol.md §1).
//! Plain string arithmetic, so the result does not depend on the Wasm host's path support.

fn is_absolute(path: &str) -> bool {
    path.starts_with('/') || (path.len() >= 3 && path.as_bytes()[1] == b':' && path.as_bytes()[2] == b'/')
}

/// The prefix (`/`, `C:/` or empty) and the normalized segments of a path.
fn split(path: &str) -> (String, Vec<String>) {
    let path = path.replace('\\', "/");
    let (prefix, rest) = if path.starts_with('/') {
        ("/".to_string(), &path[1..])
    } else if path.len() >= 3 && path.as_bytes()[1] == b':' && path.as_bytes()[2] == b'/' {
        (path[..3].to_ascii_uppercase(), &path[3..])
    } else {
        (String::new(), &path[..])
    };
    let mut segments: Vec<String> = vec![];
    for segment in rest.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.last().is_some_and(|s| s != "..") {
                    segments.pop();
                } else if prefix.is_empty() {
                    segments.push("..".into());
                }
            }
            s => segments.push(s.to_string()),
        }
    }
    (prefix, segments)
}

/// `path.resolve(base, path)` on POSIX-style strings.
fn resolve(base: &str, path: &str) -> (String, Vec<String>) {
    let path = path.replace('\\', "/");
    if is_absolute(&path) || base.is_empty() {
        split(&path)
    } else {
        split(&format!("{}/{}", base.replace('\\', "/"), path))
    }
}

/// The module id of `filename`: relative to `root` (itself relative to `cwd`; default `cwd`), with `/` separators.
pub fn module_id(cwd: &str, root: Option<&str>, filename: &str) -> String {
    let (root_prefix, root_segments) = resolve(cwd, root.unwrap_or(cwd));
    let (file_prefix, file_segments) = resolve(cwd, filename);
    if root_prefix != file_prefix {
        return file_segments.join("/");
    }
    let common = root_segments.iter().zip(&file_segments).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; root_segments.len() - common];
    parts.extend(file_segments[common..].iter().map(String::as_str));
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::module_id;

    #[test]
    fn relative_to_root() {
        assert_eq!(module_id("/work", None, "/work/src/a.ts"), "src/a.ts");
        assert_eq!(module_id("/work", Some("/work/src"), "/work/src/a.ts"), "a.ts");
        assert_eq!(module_id("/work", Some("src"), "/work/src/lib/a.ts"), "lib/a.ts");
        assert_eq!(module_id("/work", Some("/work/pkg"), "/work/other/a.js"), "../other/a.js");
        assert_eq!(module_id("/work", None, "src/./x/../a.js"), "src/a.js");
        assert_eq!(module_id("C:\\work", None, "C:\\work\\src\\a.ts"), "src/a.ts");
        assert_eq!(module_id("/work/", Some("/work/"), "/work/a.js"), "a.js");
    }
}
