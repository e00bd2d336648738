#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel for transparent huge pages (2 MB) behind a large buffer before it is first
/// written, where the system leaves that to the program (`madvise` mode).
///
/// The feature matrix is read by gathers in random row order (mini-batches, per-class pieces):
/// with 4 KB pages a 2 GB matrix spans half a million pages, and nearly every gathered row costs
/// a page-table walk that misses the caches; with 2 MB pages the whole matrix is a thousand TLB
/// entries. It also makes first-touch faults 512 times fewer. Only the 2 MB-aligned interior
/// is advised; the call is a hint, and nothing changes where it is refused.
enum HugePages {
    /// Buffers smaller than this gain nothing worth a system call.
    static let threshold = 32 << 20

    static func advise(_ start: UnsafeMutableRawPointer?, byteCount: Int) {
        #if os(Linux)
        guard let start, byteCount >= threshold else { return }
        let huge = 2 << 20
        let address = Int(bitPattern: start)
        let lower = (address + huge - 1) / huge * huge
        let upper = (address + byteCount) / huge * huge
        guard upper > lower, let aligned = UnsafeMutableRawPointer(bitPattern: lower) else { return }
        _ = madvise(aligned, upper - lower, 14)   // MADV_HUGEPAGE
        #endif
    }
}
