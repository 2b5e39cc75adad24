import HomeroomCore
import Mustache

/// Templates walk a catalog's keys as `{{t.some.key}}` through `Messages.child(named:)`.
extension Messages: MustacheParent {}
