import Foundation
import HomeroomCore

extension AppDatabase {
    /// Issues `code` to one student of `sampleRosterCSV` at `now`, valid for `days`; its kind.
    @discardableResult
    func issueCodeForTest(_ code: String, to id: String = "0012345", at now: Date = Date(), days: Int = 14) async throws -> CodeKind? {
        try await issueCodes([id: code], at: now, expiresAt: now.addingTimeInterval(TimeInterval(days) * 86_400)) { _ in
            .test(.issueCode, at: now)
        }.first?.kind
    }
}
