import Ledger
import SwiftProtobuf
import Testing

@Suite struct EventRegistryTests {
    /// The wire names stored ledgers hold: never renamed, never reused.
    static let wireNames: Set<String> = [
        "SetupCompleted", "OptionUpdated", "SecretOptionUpdated", "OptionRemoved", "UserRegistered", "InviterRewarded",
        "UserProfileUpdated", "UserSettingChanged", "UserStatusChanged", "UserRoleChanged", "UserDeleted",
        "UserQuotaAdjusted", "UserAccessTokenIssued", "UserAffCodeAssigned", "UserLoggedIn", "UsageRecorded",
        "TokenCreated", "TokenUpdated", "TokenDeleted", "RedemptionCodeCreated", "RedemptionCodeUpdated",
        "RedemptionCodeDeleted", "RedemptionCodeRedeemed", "ChannelCreated", "ChannelUpdated", "ChannelDeleted",
        "ChannelKeyViewed", "AbilitiesRebuilt", "ChannelKeysManaged", "LogsPruned", "TaskReported",
        "UserEmailBound", "UserPasswordReset", "TopUpOrderCreated", "TopUpOrderCompleted", "TopUpNotifyRejected",
        "AffQuotaTransferred",
        "QuotaReserved", "ReservationSettled", "ReservationReleased", "ReservationExpired",
        "UserImported", "TokenImported", "ChannelImported", "RedemptionImported", "OptionImported", "LogImported",
        "QuotaDataImported", "ImportCompleted",
        // Outside systems: third-party sign-in and the channels' upstream calls.
        "UserBindingChanged", "ChannelTested", "ChannelBalanceUpdated", "ChannelStatusAutoChanged",
        "ChannelKeyAutoDisabled",
    ]

    @Test func everyRegisteredTypeHasItsOwnWireName() {
        #expect(EventCatalog.payloadTypes.count == EventCatalog.entries.count)
        #expect(Set(EventCatalog.entries.keys) == Self.wireNames)
    }

    @Test(arguments: EventCatalog.payloadTypes.map { $0.wireName })
    func everyTypeRoundTripsThroughItsWireName(_ wireName: String) throws {
        let payloadType = try #require(EventCatalog.entries[wireName])
        let event = payloadType.init().event
        #expect(event.type == wireName)
        #expect(LedgerEvent(type: wireName, payload: event.payload()) == event)
        #expect(EventCatalog.decode(type: wireName, payload: event.payload())?.event == event)
    }

    /// `quotaTypes` (what a scan for quota changes decodes) names exactly the types
    /// `quotaDelta(user:)` answers for, and `quotaChange(user:)` agrees with it on each.
    @Test func quotaTypesAreTheTypesWithAQuotaDelta() {
        var answering: Set<String> = []
        for payloadType in EventCatalog.payloadTypes {
            let event = payloadType.init().event
            let delta = event.quotaDelta(user: 0)
            #expect(event.quotaChange(user: 0)?.delta == delta, "\(payloadType.wireName)")
            if delta != nil { answering.insert(payloadType.wireName) }
        }
        #expect(answering == LedgerEvent.quotaTypes)
        #expect(LedgerEvent.quotaTypes.isSuperset(of: ["TopUpOrderCompleted", "AffQuotaTransferred"]))
    }

    @Test func unknownTypesAndForeignBytesDoNotDecode() {
        #expect(LedgerEvent(type: "NoSuchEvent", payload: []) == nil)
        #expect(LedgerEvent(type: "UserRegistered", payload: [0xFF, 0xFF, 0xFF]) == nil)
    }

    @Test func streamsAndEntitiesComeFromTheRegistration() {
        var usage = Oneledger_V1_UsageRecorded()
        usage.userID = 3
        usage.tokenID = 7
        #expect(usage.event.stream == "user:3")
        #expect(usage.event.entities == [.user(3), .token(7)])
        var redeemed = Oneledger_V1_RedemptionCodeRedeemed()
        redeemed.redemptionID = 4
        redeemed.userID = 3
        #expect(redeemed.event.stream == "redemption:4")
        #expect(redeemed.event.entities == [.redemption(4), .user(3)])
        var option = Oneledger_V1_OptionUpdated()
        option.key = "Notice"
        #expect(option.event.stream == "option:Notice" && option.event.entities == [.option("Notice")])
        #expect(Oneledger_V1_SetupCompleted().event.stream == "system")
        #expect(Oneledger_V1_AbilitiesRebuilt().event.stream == "abilities")
        #expect(Oneledger_V1_AbilitiesRebuilt().event.entities.isEmpty)
        #expect(Oneledger_V1_ChannelKeysManaged.secretFields == ["sealed_key"])
        #expect(Oneledger_V1_UserLoggedIn.secretFields.isEmpty)
    }
}
