//! Moving a selection through a list: every list screen does it the same way.

/// `selected` moved by `delta`, kept within a list of `len` items (0 for an empty list).
pub fn moved(selected: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (selected as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize
}

#[cfg(test)]
mod tests {
    use super::moved;

    #[test]
    fn stays_in_the_list() {
        assert_eq!(moved(0, 1, 3), 1);
        assert_eq!(moved(2, 5, 3), 2);
        assert_eq!(moved(1, -5, 3), 0);
        assert_eq!(moved(0, isize::MAX / 2, 3), 2);
        assert_eq!(moved(0, isize::MIN / 2, 3), 0);
        assert_eq!(moved(4, 1, 0), 0);
    }
}
