import Foundation

/// A calendar date as `YYYY-MM-DD`, for limits that reset "the next day".
public enum CalendarDay {
    /// The date of `date` in `timeZone` (the server's own by default: the district's day).
    public static func of(_ date: Date, in timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func utc(_ date: Date) -> String { of(date, in: TimeZone(identifier: "UTC")!) }
}

/// Dates typed by people and scripts: `2026-09-01` or a full ISO 8601 time.
public enum ISO8601Date {
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text + "T00:00:00Z", strategy: .iso8601)
    }
}
