// SPDX-License-Identifier: MIT
pragma solidity ^0.8.37;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title AssetRegistry
/// @notice One ERC-721 token per AI asset (dataset, model, adapter, agent, prompt). The record (kind, sha256 of
/// the plaintext, metadata URI, contributors with basis points, parents with royalty basis points) is
/// immutable after registration. Asset ids start at 1 and only grow, so a parent is always older than its
/// child and the derivation graph stays acyclic.
contract AssetRegistry is ERC721 {
    /// @notice The kinds of asset.
    enum Kind {
        Dataset,
        Model,
        Adapter,
        Agent,
        Prompt
    }

    /// @notice The immutable part of an asset's record.
    struct Asset {
        Kind kind;
        uint64 registeredAt;
        address registrant;
        bytes32 contentHash;
        string metadataURI;
    }

    /// @notice Basis points in a whole.
    uint16 public constant BPS = 10_000;
    /// @notice Most contributors an asset may list.
    uint256 public constant MAX_CONTRIBUTORS = 16;
    /// @notice Most parents an asset may list.
    uint256 public constant MAX_PARENTS = 8;
    /// @notice Most royalty (in bps of the price after the platform fee) that all parents together may take.
    uint16 public constant MAX_TOTAL_ROYALTY_BPS = 5_000;

    uint256 private _nextId = 1;
    mapping(uint256 => Asset) private _assets;
    mapping(uint256 => address[]) private _contributors;
    mapping(uint256 => uint16[]) private _contributorBps;
    mapping(uint256 => uint256[]) private _parents;
    mapping(uint256 => uint16[]) private _parentBps;

    /// @notice Counts the transfers of each asset's token (not the mint). A marketplace offer remembers the
    /// value at listing time and dies as soon as it changes, even if the token later comes back.
    mapping(uint256 => uint256) public transferCount;

    /// @notice The asset id registered for a content hash (0 if none).
    mapping(bytes32 => uint256) public assetIdByContentHash;

    /// @notice Emitted once per asset, at registration.
    event AssetRegistered(
        uint256 indexed assetId,
        address indexed owner,
        bytes32 indexed contentHash,
        Kind kind,
        string metadataURI
    );

    /// @notice Emitted once per asset, at registration: its contributors and parents with their basis points.
    event AssetLineage(uint256 indexed assetId, address[] contributors, uint16[] bps, uint256[] parents, uint16[] parentBps);

    error ZeroContentHash();
    error EmptyMetadataURI();
    error ContentAlreadyRegistered(uint256 assetId);
    error LengthMismatch();
    error NoContributors();
    error TooManyContributors(uint256 count, uint256 max);
    error ZeroAddressContributor();
    error DuplicateContributor(address contributor);
    error ZeroBps();
    error BpsSumNot10000(uint256 sum);
    error TooManyParents(uint256 count, uint256 max);
    error UnknownParent(uint256 parentId);
    error DuplicateParent(uint256 parentId);
    error RoyaltyTooHigh(uint256 total, uint256 max);
    error UnknownAsset(uint256 assetId);

    constructor() ERC721("Sahel Asset", "SAHEL-ASSET") {}

    /// @notice Registers a new asset and mints its token to the caller.
    /// @param kind The asset kind.
    /// @param contentHash sha256 of the plaintext; unique across the registry.
    /// @param metadataURI Where the metadata (ciphertext hash and URI, description) lives.
    /// @param contributors Who is credited; no duplicates, no zero address.
    /// @param bps Each contributor's share in basis points; each > 0, summing to exactly 10,000.
    /// @param parents Existing, older assets this one derives from; no duplicates.
    /// @param parentBps Each parent's royalty in basis points; each > 0, summing to at most MAX_TOTAL_ROYALTY_BPS.
    /// @return assetId The new token id.
    function register(
        Kind kind,
        bytes32 contentHash,
        string calldata metadataURI,
        address[] calldata contributors,
        uint16[] calldata bps,
        uint256[] calldata parents,
        uint16[] calldata parentBps
    ) external returns (uint256 assetId) {
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (bytes(metadataURI).length == 0) revert EmptyMetadataURI();
        uint256 existing = assetIdByContentHash[contentHash];
        if (existing != 0) revert ContentAlreadyRegistered(existing);
        _checkContributors(contributors, bps);
        assetId = _nextId;
        _checkParents(assetId, parents, parentBps);

        _nextId = assetId + 1;
        assetIdByContentHash[contentHash] = assetId;
        _assets[assetId] = Asset({
            kind: kind,
            registeredAt: uint64(block.timestamp),
            registrant: msg.sender,
            contentHash: contentHash,
            metadataURI: metadataURI
        });
        _contributors[assetId] = contributors;
        _contributorBps[assetId] = bps;
        _parents[assetId] = parents;
        _parentBps[assetId] = parentBps;

        emit AssetRegistered(assetId, msg.sender, contentHash, kind, metadataURI);
        emit AssetLineage(assetId, contributors, bps, parents, parentBps);
        _safeMint(msg.sender, assetId);
    }

    /// @notice The number of assets registered so far.
    function totalAssets() external view returns (uint256) {
        return _nextId - 1;
    }

    /// @notice Whether `assetId` has been registered.
    function exists(uint256 assetId) public view returns (bool) {
        return assetId != 0 && assetId < _nextId;
    }

    /// @notice The immutable record of an asset.
    function getAsset(uint256 assetId) external view returns (Asset memory) {
        _requireExists(assetId);
        return _assets[assetId];
    }

    /// @notice An asset's contributors and their basis points.
    function contributorsOf(uint256 assetId) external view returns (address[] memory, uint16[] memory) {
        _requireExists(assetId);
        return (_contributors[assetId], _contributorBps[assetId]);
    }

    /// @notice An asset's parents and their royalty basis points.
    function parentsOf(uint256 assetId) external view returns (uint256[] memory, uint16[] memory) {
        _requireExists(assetId);
        return (_parents[assetId], _parentBps[assetId]);
    }

    /// @inheritdoc ERC721
    function tokenURI(uint256 assetId) public view override returns (string memory) {
        _requireExists(assetId);
        return _assets[assetId].metadataURI;
    }

    /// @dev Counts every transfer after the mint.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0)) transferCount[tokenId] += 1;
    }

    function _requireExists(uint256 assetId) private view {
        if (!exists(assetId)) revert UnknownAsset(assetId);
    }

    function _checkContributors(address[] calldata contributors, uint16[] calldata bps) private pure {
        uint256 n = contributors.length;
        if (n != bps.length) revert LengthMismatch();
        if (n == 0) revert NoContributors();
        if (n > MAX_CONTRIBUTORS) revert TooManyContributors(n, MAX_CONTRIBUTORS);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            address c = contributors[i];
            if (c == address(0)) revert ZeroAddressContributor();
            if (bps[i] == 0) revert ZeroBps();
            for (uint256 j; j < i; ++j) {
                if (contributors[j] == c) revert DuplicateContributor(c);
            }
            sum += bps[i];
        }
        if (sum != BPS) revert BpsSumNot10000(sum);
    }

    function _checkParents(uint256 newId, uint256[] calldata parents, uint16[] calldata parentBps) private pure {
        uint256 n = parents.length;
        if (n != parentBps.length) revert LengthMismatch();
        if (n > MAX_PARENTS) revert TooManyParents(n, MAX_PARENTS);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            uint256 p = parents[i];
            // Ids below newId are exactly the registered ones: a parent must exist and be older.
            if (p == 0 || p >= newId) revert UnknownParent(p);
            if (parentBps[i] == 0) revert ZeroBps();
            for (uint256 j; j < i; ++j) {
                if (parents[j] == p) revert DuplicateParent(p);
            }
            sum += parentBps[i];
        }
        if (sum > MAX_TOTAL_ROYALTY_BPS) revert RoyaltyTooHigh(sum, MAX_TOTAL_ROYALTY_BPS);
    }
}
