import Dispatch

/// Measures wall-clock seconds for stage timings in reports.
public struct Stopwatch: Sendable {
    private var start: UInt64
    public init() { start = DispatchTime.now().uptimeNanoseconds }
    /// Seconds since creation or the last `lap()`, then restarts.
    public mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { start = now }
        return Double(now &- start) / 1e9
    }
    /// Seconds since creation or the last `lap()`.
    public var elapsed: Double {
        Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9
    }
}
