import Crypto
import Foundation

/// The questions shown for a username that has no claimed account: `count` of the configured
/// ones, chosen by an HMAC of the username under a server secret, so the same name always gets
/// the same questions (asking twice reveals nothing) and nobody can predict them without the key.
package struct DecoyQuestions: Sendable {
    let key: SymmetricKey

    package init(key: SymmetricKey) { self.key = key }

    package func questionIDs(for username: String, from questions: [ChallengeQuestion], count: Int) -> [String] {
        var pool = questions.map(\.id)
        var chosen: [String] = []
        let digest = Array(HMAC<SHA256>.authenticationCode(for: Data(username.utf8), using: key))
        var index = 0
        while chosen.count < min(count, questions.count) {
            let pick = Int(digest[index % digest.count]) % pool.count
            chosen.append(pool.remove(at: pick))
            index += 1
        }
        let order = questions.map(\.id)
        return chosen.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }
    }
}
