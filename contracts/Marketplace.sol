// SPDX-License-Identifier: MIT
pragma solidity ^0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {AssetRegistry} from "./AssetRegistry.sol";

/// @title Marketplace
/// @notice Offers of licences to registered assets, bought with an allowed ERC-20. The buyer's payment is held
/// in escrow until the seller delivers the content key sealed to the buyer's public key; then it is split
/// (platform fee -> parents' royalties -> contributors by bps -> remainder to the seller) into pull-based
/// balances. If nothing is delivered before the deadline, the buyer can take the payment back.
/// IERC20Errors adds no code: it puts the payment token's errors (ERC20InsufficientAllowance, ...) in this
/// ABI, so a `buy` the token refuses is decoded by whoever holds only the marketplace's ABI.
contract Marketplace is Ownable, Pausable, ReentrancyGuard, IERC20Errors {
    using SafeERC20 for IERC20;

    /// @notice Licence terms of an offer.
    struct Terms {
        address token;
        uint256 price;
        bool commercialUse;
        bool derivativesAllowed;
        /// Licence duration in seconds from purchase; 0 = perpetual.
        uint64 duration;
        /// Most licences this offer may sell; 0 = unlimited.
        uint32 maxLicenses;
    }

    /// @notice An offer by the asset's owner at the time it was made.
    struct Offer {
        uint256 assetId;
        address seller;
        /// The offer cannot be bought at or after this time; 0 = never expires.
        uint64 expiresAt;
        bool active;
        uint32 sold;
        /// The asset's transferCount when the offer was made or last updated.
        uint256 ownershipEpoch;
        Terms terms;
    }

    /// @notice Where a licence's payment stands.
    enum LicenseStatus {
        None,
        Escrowed,
        Delivered,
        Refunded
    }

    /// @notice A bought licence (not transferable).
    struct License {
        uint256 offerId;
        uint256 assetId;
        address buyer;
        address seller;
        address token;
        uint256 price;
        uint256 fee;
        uint64 purchasedAt;
        uint64 deliveryDeadline;
        /// 0 = perpetual.
        uint64 expiresAt;
        LicenseStatus status;
        bytes32 buyerPubKey;
    }

    /// @notice Basis points in a whole.
    uint256 public constant BPS = 10_000;
    /// @notice The platform fee can never exceed 10%.
    uint16 public constant MAX_FEE_BPS = 1_000;

    /// @notice The registry whose assets are sold here.
    AssetRegistry public immutable registry;

    /// @notice Platform fee in bps of the price.
    uint16 public feeBps;
    /// @notice Receives the platform fee.
    address public feeRecipient;
    /// @notice Seconds the seller has, after a purchase, to deliver the key.
    uint64 public deliveryWindow;
    /// @notice Tokens offers may be priced in.
    mapping(address => bool) public tokenAllowed;

    /// @notice Number of offers created; ids start at 1.
    uint256 public offerCount;
    /// @notice Number of licences sold; ids start at 1.
    uint256 public licenseCount;
    mapping(uint256 => Offer) private _offers;
    mapping(uint256 => License) private _licenses;
    mapping(uint256 => mapping(address => uint256[])) private _licensesOf;

    /// @notice Withdrawable balance per token per account.
    mapping(address => mapping(address => uint256)) public owed;
    /// @notice Sum of `owed` per token.
    mapping(address => uint256) public totalOwed;
    /// @notice Payments held in escrow per token.
    mapping(address => uint256) public totalEscrowed;

    event FeeUpdated(uint16 feeBps);
    event FeeRecipientUpdated(address indexed feeRecipient);
    event DeliveryWindowUpdated(uint64 deliveryWindow);
    event TokenAllowed(address indexed token, bool allowed);
    event OfferCreated(uint256 indexed offerId, uint256 indexed assetId, address indexed seller, Terms terms, uint64 expiresAt);
    event OfferUpdated(uint256 indexed offerId, Terms terms, uint64 expiresAt);
    event OfferCancelled(uint256 indexed offerId);
    event Purchased(
        uint256 indexed licenseId,
        uint256 indexed offerId,
        uint256 indexed assetId,
        address buyer,
        address token,
        uint256 price,
        bytes32 buyerPubKey,
        uint64 deliveryDeadline,
        uint64 expiresAt
    );
    event KeyDelivered(uint256 indexed licenseId, address indexed buyer, bytes sealedKey);
    event PayoutCredited(uint256 indexed licenseId, address indexed token, address indexed account, uint256 amount);
    event Refunded(uint256 indexed licenseId, address indexed buyer, uint256 amount);
    event Withdrawn(address indexed token, address indexed account, uint256 amount);

    error FeeTooHigh(uint16 feeBps, uint16 max);
    error ZeroAddress();
    error TokenNotAllowed(address token);
    error ZeroPrice();
    error PriceTooLow(uint256 price);
    error NotAssetOwner(uint256 assetId);
    error NotSeller(uint256 offerId);
    error UnknownOffer(uint256 offerId);
    error OfferInactive(uint256 offerId);
    error OfferExpired(uint256 offerId);
    error OfferSellerNoLongerOwner(uint256 offerId);
    error SoldOut(uint256 offerId);
    error OwnPurchase();
    error PriceChanged(uint256 price, uint256 maxPrice);
    error TokenChanged(address token, address expected);
    error PaymentShortfall(uint256 received, uint256 expected);
    error ZeroPubKey();
    error UnknownLicense(uint256 licenseId);
    error NotLicenseSeller(uint256 licenseId);
    error NotLicenseBuyer(uint256 licenseId);
    error NotEscrowed(uint256 licenseId);
    error DeliveryDeadlinePassed(uint256 licenseId);
    error DeliveryDeadlineNotReached(uint256 licenseId);
    error EmptySealedKey();
    error NothingToWithdraw();
    error BadExpiry();

    /// @param registry_ The asset registry.
    /// @param admin Owner of the market (fee, tokens, pause).
    /// @param feeRecipient_ Receives the platform fee.
    /// @param feeBps_ Platform fee in bps, at most MAX_FEE_BPS.
    /// @param deliveryWindow_ Seconds a seller has to deliver the key.
    constructor(AssetRegistry registry_, address admin, address feeRecipient_, uint16 feeBps_, uint64 deliveryWindow_)
        Ownable(admin)
    {
        if (address(registry_) == address(0) || feeRecipient_ == address(0)) revert ZeroAddress();
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_, MAX_FEE_BPS);
        registry = registry_;
        feeRecipient = feeRecipient_;
        feeBps = feeBps_;
        deliveryWindow = deliveryWindow_;
        emit FeeUpdated(feeBps_);
        emit FeeRecipientUpdated(feeRecipient_);
        emit DeliveryWindowUpdated(deliveryWindow_);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Sets the platform fee (at most MAX_FEE_BPS). Owner only.
    function setFee(uint16 feeBps_) external onlyOwner {
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_, MAX_FEE_BPS);
        feeBps = feeBps_;
        emit FeeUpdated(feeBps_);
    }

    /// @notice Sets who receives the platform fee. Owner only.
    function setFeeRecipient(address feeRecipient_) external onlyOwner {
        if (feeRecipient_ == address(0)) revert ZeroAddress();
        feeRecipient = feeRecipient_;
        emit FeeRecipientUpdated(feeRecipient_);
    }

    /// @notice Sets the seconds a seller has to deliver. Owner only; applies to later purchases.
    function setDeliveryWindow(uint64 deliveryWindow_) external onlyOwner {
        deliveryWindow = deliveryWindow_;
        emit DeliveryWindowUpdated(deliveryWindow_);
    }

    /// @notice Allows or disallows a payment token for new offers and purchases. Owner only.
    function setTokenAllowed(address token, bool allowed) external onlyOwner {
        if (token == address(0)) revert ZeroAddress();
        tokenAllowed[token] = allowed;
        emit TokenAllowed(token, allowed);
    }

    /// @notice Stops offers, purchases and deliveries. Refunds and withdrawals keep working. Owner only.
    function pause() external onlyOwner {
        _pause();
    }

    /// @notice Resumes after a pause. Owner only.
    function unpause() external onlyOwner {
        _unpause();
    }

    // ---------------------------------------------------------------- offers

    /// @notice Offers licences to `assetId`. Caller must own the asset's token.
    /// @param assetId The asset.
    /// @param terms Licence terms; `token` must be allowed and `price` high enough that the fee is not zero.
    /// @param expiresAt When the offer stops being buyable; 0 = never.
    /// @return offerId The new offer's id.
    function createOffer(uint256 assetId, Terms calldata terms, uint64 expiresAt)
        external
        whenNotPaused
        returns (uint256 offerId)
    {
        if (registry.ownerOf(assetId) != msg.sender) revert NotAssetOwner(assetId);
        _checkTerms(terms, expiresAt);
        offerId = ++offerCount;
        _offers[offerId] = Offer({
            assetId: assetId,
            seller: msg.sender,
            expiresAt: expiresAt,
            active: true,
            sold: 0,
            ownershipEpoch: registry.transferCount(assetId),
            terms: terms
        });
        emit OfferCreated(offerId, assetId, msg.sender, terms, expiresAt);
    }

    /// @notice Replaces an offer's terms and expiry. Seller only, while still the asset's owner.
    function updateOffer(uint256 offerId, Terms calldata terms, uint64 expiresAt) external whenNotPaused {
        Offer storage o = _sellerOffer(offerId);
        _checkTerms(terms, expiresAt);
        o.terms = terms;
        o.expiresAt = expiresAt;
        o.active = true;
        o.ownershipEpoch = registry.transferCount(o.assetId);
        emit OfferUpdated(offerId, terms, expiresAt);
    }

    /// @notice Withdraws an offer. Seller only.
    function cancelOffer(uint256 offerId) external {
        Offer storage o = _offers[offerId];
        if (o.seller == address(0)) revert UnknownOffer(offerId);
        if (o.seller != msg.sender) revert NotSeller(offerId);
        if (!o.active) revert OfferInactive(offerId);
        o.active = false;
        emit OfferCancelled(offerId);
    }

    /// @notice An offer.
    function getOffer(uint256 offerId) external view returns (Offer memory) {
        Offer memory o = _offers[offerId];
        if (o.seller == address(0)) revert UnknownOffer(offerId);
        return o;
    }

    /// @notice Whether an offer can be bought now (active, not expired, not sold out, seller still owns it).
    function isOfferLive(uint256 offerId) public view returns (bool) {
        Offer storage o = _offers[offerId];
        if (o.seller == address(0) || !o.active || paused()) return false;
        if (o.expiresAt != 0 && block.timestamp >= o.expiresAt) return false;
        if (o.terms.maxLicenses != 0 && o.sold >= o.terms.maxLicenses) return false;
        return _sellerStillOwns(o);
    }

    // ---------------------------------------------------------------- buying

    /// @notice Buys a licence. The payment (pulled with transferFrom, exact amount checked by balance delta)
    /// is held in escrow until the seller delivers.
    /// @param offerId The offer.
    /// @param maxPrice The most the buyer accepts to pay (the quoted price).
    /// @param token The token the buyer expects to pay in (the quoted token).
    /// @param buyerPubKey The buyer's X25519 public key, to which the seller seals the content key.
    /// @return licenseId The new licence's id.
    function buy(uint256 offerId, uint256 maxPrice, address token, bytes32 buyerPubKey)
        external
        nonReentrant
        whenNotPaused
        returns (uint256 licenseId)
    {
        Offer storage o = _offers[offerId];
        if (o.seller == address(0)) revert UnknownOffer(offerId);
        if (!o.active) revert OfferInactive(offerId);
        if (o.expiresAt != 0 && block.timestamp >= o.expiresAt) revert OfferExpired(offerId);
        if (!_sellerStillOwns(o)) revert OfferSellerNoLongerOwner(offerId);
        if (msg.sender == o.seller) revert OwnPurchase();
        if (o.terms.maxLicenses != 0 && o.sold >= o.terms.maxLicenses) revert SoldOut(offerId);
        address t = o.terms.token;
        uint256 price = o.terms.price;
        if (t != token) revert TokenChanged(t, token);
        if (price > maxPrice) revert PriceChanged(price, maxPrice);
        if (!tokenAllowed[t]) revert TokenNotAllowed(t);
        if (buyerPubKey == bytes32(0)) revert ZeroPubKey();
        uint256 fee = (price * feeBps) / BPS;
        if (feeBps != 0 && fee == 0) revert PriceTooLow(price);

        o.sold += 1;
        licenseId = ++licenseCount;
        uint64 nowTs = uint64(block.timestamp);
        uint64 deadline = nowTs + deliveryWindow;
        uint64 expiresAt = o.terms.duration == 0 ? 0 : nowTs + o.terms.duration;
        _licenses[licenseId] = License({
            offerId: offerId,
            assetId: o.assetId,
            buyer: msg.sender,
            seller: o.seller,
            token: t,
            price: price,
            fee: fee,
            purchasedAt: nowTs,
            deliveryDeadline: deadline,
            expiresAt: expiresAt,
            status: LicenseStatus.Escrowed,
            buyerPubKey: buyerPubKey
        });
        _licensesOf[o.assetId][msg.sender].push(licenseId);
        totalEscrowed[t] += price;
        emit Purchased(licenseId, offerId, o.assetId, msg.sender, t, price, buyerPubKey, deadline, expiresAt);

        uint256 before = IERC20(t).balanceOf(address(this));
        IERC20(t).safeTransferFrom(msg.sender, address(this), price);
        uint256 received = IERC20(t).balanceOf(address(this)) - before;
        if (received != price) revert PaymentShortfall(received, price);
    }

    /// @notice Delivers the content key sealed to the buyer's public key and releases the escrow into
    /// withdrawable balances. The licence's seller only, before the delivery deadline.
    /// @param licenseId The licence.
    /// @param sealedKey The key sealed to the buyer (crypto_box_seal).
    function deliverKey(uint256 licenseId, bytes calldata sealedKey) external nonReentrant whenNotPaused {
        License storage l = _licenses[licenseId];
        if (l.status == LicenseStatus.None) revert UnknownLicense(licenseId);
        if (msg.sender != l.seller) revert NotLicenseSeller(licenseId);
        if (l.status != LicenseStatus.Escrowed) revert NotEscrowed(licenseId);
        if (block.timestamp > l.deliveryDeadline) revert DeliveryDeadlinePassed(licenseId);
        if (sealedKey.length == 0) revert EmptySealedKey();
        l.status = LicenseStatus.Delivered;
        address t = l.token;
        totalEscrowed[t] -= l.price;
        emit KeyDelivered(licenseId, l.buyer, sealedKey);
        _split(licenseId, l.assetId, t, l.price, l.fee, l.seller);
    }

    /// @notice Returns the payment of an undelivered licence to the buyer's withdrawable balance, after the
    /// delivery deadline. Buyer only. The licence becomes invalid and its seat is freed.
    function refund(uint256 licenseId) external nonReentrant {
        License storage l = _licenses[licenseId];
        if (l.status == LicenseStatus.None) revert UnknownLicense(licenseId);
        if (msg.sender != l.buyer) revert NotLicenseBuyer(licenseId);
        if (l.status != LicenseStatus.Escrowed) revert NotEscrowed(licenseId);
        if (block.timestamp <= l.deliveryDeadline) revert DeliveryDeadlineNotReached(licenseId);
        l.status = LicenseStatus.Refunded;
        _offers[l.offerId].sold -= 1;
        address t = l.token;
        uint256 amount = l.price;
        totalEscrowed[t] -= amount;
        _credit(t, l.buyer, amount);
        emit Refunded(licenseId, l.buyer, amount);
    }

    /// @notice Sends the caller everything owed to it in `token`.
    function withdraw(address token) external nonReentrant {
        uint256 amount = owed[token][msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        owed[token][msg.sender] = 0;
        totalOwed[token] -= amount;
        emit Withdrawn(token, msg.sender, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    /// @notice A licence.
    function getLicense(uint256 licenseId) external view returns (License memory) {
        License memory l = _licenses[licenseId];
        if (l.status == LicenseStatus.None) revert UnknownLicense(licenseId);
        return l;
    }

    /// @notice The licence ids `account` bought for `assetId`.
    function licensesOf(uint256 assetId, address account) external view returns (uint256[] memory) {
        return _licensesOf[assetId][account];
    }

    /// @notice Whether `account` holds a licence to `assetId` that is paid (escrowed or delivered), not refunded
    /// and not expired.
    function hasValidLicense(uint256 assetId, address account) external view returns (bool) {
        uint256[] storage ids = _licensesOf[assetId][account];
        for (uint256 i; i < ids.length; ++i) {
            License storage l = _licenses[ids[i]];
            if (l.status == LicenseStatus.Refunded) continue;
            if (l.expiresAt == 0 || block.timestamp < l.expiresAt) return true;
        }
        return false;
    }

    /// @notice How `price` would be split for `assetId` sold by `seller` at the current fee, in payout
    /// order: platform fee, each parent's royalty split among that parent's contributors, this asset's
    /// contributors, then the remainder (rounding dust) to the seller. Zero amounts are left out. The
    /// amounts always sum to `price`.
    function quoteSplit(uint256 assetId, uint256 price, address seller)
        external
        view
        returns (address[] memory accounts, uint256[] memory amounts)
    {
        return _computeSplit(assetId, price, (price * feeBps) / BPS, seller);
    }

    // ---------------------------------------------------------------- internals

    function _split(uint256 licenseId, uint256 assetId, address t, uint256 price, uint256 fee, address seller) private {
        (address[] memory accounts, uint256[] memory amounts) = _computeSplit(assetId, price, fee, seller);
        for (uint256 i; i < accounts.length; ++i) {
            _credit(t, accounts[i], amounts[i]);
            emit PayoutCredited(licenseId, t, accounts[i], amounts[i]);
        }
    }

    function _computeSplit(uint256 assetId, uint256 price, uint256 fee, address seller)
        private
        view
        returns (address[] memory accounts, uint256[] memory amounts)
    {
        (uint256[] memory parents, uint16[] memory pBps) = registry.parentsOf(assetId);
        uint256 max = 2 + (parents.length + 1) * registry.MAX_CONTRIBUTORS();
        accounts = new address[](max);
        amounts = new uint256[](max);
        uint256 n;
        uint256 paid;
        if (fee != 0) {
            accounts[0] = feeRecipient;
            amounts[0] = fee;
            n = 1;
            paid = fee;
        }
        uint256 net = price - fee;
        uint256 royalties;
        for (uint256 i; i < parents.length; ++i) {
            uint256 royalty = (net * pBps[i]) / BPS;
            royalties += royalty;
            (n, paid) = _shares(parents[i], royalty, accounts, amounts, n, paid);
        }
        (n, paid) = _shares(assetId, net - royalties, accounts, amounts, n, paid);
        if (price > paid) {
            accounts[n] = seller;
            amounts[n] = price - paid;
            ++n;
        }
        assembly ("memory-safe") {
            mstore(accounts, n)
            mstore(amounts, n)
        }
    }

    function _shares(
        uint256 assetId,
        uint256 amount,
        address[] memory accounts,
        uint256[] memory amounts,
        uint256 n,
        uint256 paid
    ) private view returns (uint256, uint256) {
        if (amount == 0) return (n, paid);
        (address[] memory cs, uint16[] memory cBps) = registry.contributorsOf(assetId);
        for (uint256 i; i < cs.length; ++i) {
            uint256 share = (amount * cBps[i]) / BPS;
            if (share != 0) {
                accounts[n] = cs[i];
                amounts[n] = share;
                ++n;
                paid += share;
            }
        }
        return (n, paid);
    }

    function _credit(address t, address account, uint256 amount) private {
        owed[t][account] += amount;
        totalOwed[t] += amount;
    }

    /// @dev The offer dies once the asset's token has moved since the offer was made.
    function _sellerStillOwns(Offer storage o) private view returns (bool) {
        return registry.transferCount(o.assetId) == o.ownershipEpoch && registry.ownerOf(o.assetId) == o.seller;
    }

    function _sellerOffer(uint256 offerId) private view returns (Offer storage o) {
        o = _offers[offerId];
        if (o.seller == address(0)) revert UnknownOffer(offerId);
        if (o.seller != msg.sender) revert NotSeller(offerId);
        if (registry.ownerOf(o.assetId) != msg.sender) revert OfferSellerNoLongerOwner(offerId);
    }

    function _checkTerms(Terms calldata terms, uint64 expiresAt) private view {
        if (!tokenAllowed[terms.token]) revert TokenNotAllowed(terms.token);
        if (terms.price == 0) revert ZeroPrice();
        if (feeBps != 0 && (terms.price * feeBps) / BPS == 0) revert PriceTooLow(terms.price);
        if (expiresAt != 0 && expiresAt <= block.timestamp) revert BadExpiry();
    }
}
