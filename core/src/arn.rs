//! Amazon Resource Names and the identifiers they are built from: accounts, regions, partitions.

use std::fmt;

use serde::{Serialize, Serializer};

/// Why a text is not an ARN or an identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    /// The text does not have the six colon-separated parts of an ARN.
    #[error("`{text}` is not an ARN: expected `arn:partition:service:region:account:resource`")]
    Shape {
        /// The offending text.
        text: String,
    },
    /// One part of the ARN breaks its rules.
    #[error("`{text}` is not an ARN: {problem}")]
    Part {
        /// The offending text.
        text: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// An account id that is not twelve digits.
    #[error("`{text}` is not an AWS account id: expected twelve digits")]
    Account {
        /// The offending text.
        text: String,
    },
    /// A region name with characters no region has.
    #[error("`{text}` is not an AWS region name")]
    Region {
        /// The offending text.
        text: String,
    },
}

/// A twelve-digit AWS account id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct AccountId(String);

impl AccountId {
    /// Checks that `text` is twelve ASCII digits.
    pub fn parse(text: &str) -> Result<Self, ArnError> {
        if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(ArnError::Account {
                text: text.to_owned(),
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An AWS region name such as `eu-west-1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Region(String);

impl Region {
    /// Checks that `text` looks like a region: lowercase letters, digits and dashes.
    pub fn parse(text: &str) -> Result<Self, ArnError> {
        let plausible = (4..=30).contains(&text.len())
            && text.contains('-')
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if plausible {
            Ok(Self(text.to_owned()))
        } else {
            Err(ArnError::Region {
                text: text.to_owned(),
            })
        }
    }

    /// The region name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The partition the region belongs to.
    pub fn partition(&self) -> &'static str {
        if self.0.starts_with("cn-") {
            "aws-cn"
        } else if self.0.starts_with("us-gov-") {
            "aws-us-gov"
        } else if self.0.starts_with("us-iso-") {
            "aws-iso"
        } else if self.0.starts_with("us-isob-") {
            "aws-iso-b"
        } else {
            "aws"
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A syntactically valid ARN, kept as the exact text AWS uses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn {
    text: String,
    service_end: usize,
    region_end: usize,
    account_end: usize,
    partition_end: usize,
}

impl Arn {
    /// Parses `arn:partition:service:region:account:resource`.
    ///
    /// Region and account may be empty (S3 buckets, IAM, AMIs); partition, service and
    /// resource may not.
    pub fn parse(text: &str) -> Result<Self, ArnError> {
        let shape = || ArnError::Shape {
            text: text.to_owned(),
        };
        let part = |problem| ArnError::Part {
            text: text.to_owned(),
            problem,
        };
        let rest = text.strip_prefix("arn:").ok_or_else(shape)?;
        let mut parts = rest.splitn(5, ':');
        let partition = parts.next().ok_or_else(shape)?;
        let service = parts.next().ok_or_else(shape)?;
        let region = parts.next().ok_or_else(shape)?;
        let account = parts.next().ok_or_else(shape)?;
        let resource = parts.next().ok_or_else(shape)?;
        if !partition.starts_with("aws") {
            return Err(part("the partition must start with `aws`"));
        }
        if service.is_empty()
            || !service
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(part("the service must be letters, digits and dashes"));
        }
        if !region.is_empty() && Region::parse(region).is_err() {
            return Err(part("the region is not a region name"));
        }
        if !account.is_empty() && AccountId::parse(account).is_err() {
            return Err(part("the account must be twelve digits"));
        }
        if resource.is_empty() {
            return Err(part("the resource is empty"));
        }
        if text.chars().any(char::is_whitespace) || text.len() > 2048 {
            return Err(part("it contains whitespace or exceeds 2048 characters"));
        }
        let partition_end = 4 + partition.len();
        let service_end = partition_end + 1 + service.len();
        let region_end = service_end + 1 + region.len();
        let account_end = region_end + 1 + account.len();
        Ok(Self {
            text: text.to_owned(),
            partition_end,
            service_end,
            region_end,
            account_end,
        })
    }

    /// The whole ARN.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub fn partition(&self) -> &str {
        self.text.get(4..self.partition_end).unwrap_or_default()
    }

    /// The service namespace, e.g. `ec2`.
    pub fn service(&self) -> &str {
        self.text
            .get(self.partition_end + 1..self.service_end)
            .unwrap_or_default()
    }

    /// The region, empty for global resources.
    pub fn region(&self) -> &str {
        self.text
            .get(self.service_end + 1..self.region_end)
            .unwrap_or_default()
    }

    /// The account, empty for S3 buckets, AMIs and snapshots.
    pub fn account(&self) -> &str {
        self.text
            .get(self.region_end + 1..self.account_end)
            .unwrap_or_default()
    }

    /// Everything after the account: `instance/i-0abc`, `role/path/name`, `function:name`.
    pub fn resource(&self) -> &str {
        self.text.get(self.account_end + 1..).unwrap_or_default()
    }

    /// The last `/`- or `:`-separated element of the resource: an id or a name.
    pub fn resource_id(&self) -> &str {
        let resource = self.resource();
        resource.rsplit(['/', ':']).next().unwrap_or(resource)
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Arn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_every_part() {
        let arn = Arn::parse("arn:aws:ec2:us-east-1:123456789012:instance/i-0abc").unwrap();
        assert_eq!(arn.partition(), "aws");
        assert_eq!(arn.service(), "ec2");
        assert_eq!(arn.region(), "us-east-1");
        assert_eq!(arn.account(), "123456789012");
        assert_eq!(arn.resource(), "instance/i-0abc");
        assert_eq!(arn.resource_id(), "i-0abc");
    }

    #[test]
    fn accepts_global_and_accountless_resources() {
        let bucket = Arn::parse("arn:aws:s3:::my-bucket").unwrap();
        assert_eq!(bucket.resource_id(), "my-bucket");
        let role = Arn::parse("arn:aws-cn:iam::123456789012:role/path/app").unwrap();
        assert_eq!((role.region(), role.resource_id()), ("", "app"));
        let image = Arn::parse("arn:aws:ec2:eu-west-1::image/ami-1").unwrap();
        assert_eq!(image.account(), "");
        let function = Arn::parse("arn:aws:lambda:us-east-1:123456789012:function:f").unwrap();
        assert_eq!(function.resource_id(), "f");
    }

    #[test]
    fn refuses_what_is_not_an_arn() {
        for bad in [
            "",
            "i-0abc",
            "arn:aws:ec2",
            "arn:aws:ec2:us-east-1:12345:instance/i-1",
            "arn:aws:ec2:us-east-1:123456789012:",
            "arn:xyz:ec2:us-east-1:123456789012:instance/i-1",
            "arn:aws:ec2:US EAST:123456789012:instance/i-1",
        ] {
            assert!(Arn::parse(bad).is_err(), "{bad} should be refused");
        }
        let message = Arn::parse("i-0abc").unwrap_err().to_string();
        assert!(message.contains("`i-0abc`"), "{message}");
    }

    #[test]
    fn partition_follows_region() {
        assert_eq!(Region::parse("cn-north-1").unwrap().partition(), "aws-cn");
        assert_eq!(
            Region::parse("us-gov-west-1").unwrap().partition(),
            "aws-us-gov"
        );
        assert_eq!(Region::parse("eu-west-1").unwrap().partition(), "aws");
        assert!(Region::parse("Not a region").is_err());
        assert!(AccountId::parse("12345678901x").is_err());
    }
}
