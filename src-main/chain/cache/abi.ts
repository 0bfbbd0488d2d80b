import { parseAbi } from 'viem';

const TERMS =
  '(address token, uint256 price, bool commercialUse, bool derivativesAllowed, uint64 duration, uint32 maxLicenses)';

/**
 * The events the read cache keeps, as declared in contracts/Marketplace.sol and AssetRegistry.sol
 * (a unit test checks them against the shipped artifacts). Listings, licences and asset records are
 * folded from these; earnings read the payouts and withdrawals.
 */
export const MARKET_EVENTS = parseAbi([
  `event OfferCreated(uint256 indexed offerId, uint256 indexed assetId, address indexed seller, ${TERMS} terms, uint64 expiresAt)`,
  `event OfferUpdated(uint256 indexed offerId, ${TERMS} terms, uint64 expiresAt)`,
  'event OfferCancelled(uint256 indexed offerId)',
  'event Purchased(uint256 indexed licenseId, uint256 indexed offerId, uint256 indexed assetId, address buyer, address token, uint256 price, bytes32 buyerPubKey, uint64 deliveryDeadline, uint64 expiresAt)',
  'event KeyDelivered(uint256 indexed licenseId, address indexed buyer, bytes sealedKey)',
  'event Refunded(uint256 indexed licenseId, address indexed buyer, uint256 amount)',
  'event PayoutCredited(uint256 indexed licenseId, address indexed token, address indexed account, uint256 amount)',
  'event Withdrawn(address indexed token, address indexed account, uint256 amount)',
]);

export const REGISTRY_EVENTS = parseAbi([
  'event AssetRegistered(uint256 indexed assetId, address indexed owner, bytes32 indexed contentHash, uint8 kind, string metadataURI)',
  'event AssetLineage(uint256 indexed assetId, address[] contributors, uint16[] bps, uint256[] parents, uint16[] parentBps)',
  'event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)',
]);

export const CACHED_EVENT_NAMES = [...MARKET_EVENTS, ...REGISTRY_EVENTS].map((e) => e.name);
