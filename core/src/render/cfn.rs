//! Test support: CloudFormation's substitutions in a part of a rendered template, so that its
//! policies can be evaluated as AWS would see them once deployed.

use serde_json::{Value, json};

/// Where a template is deployed, and its parameters' values.
#[derive(Debug)]
pub(crate) struct Stack<'t> {
    pub(crate) template: &'t Value,
    pub(crate) partition: &'static str,
    pub(crate) region: &'static str,
    pub(crate) account: &'static str,
    pub(crate) parameters: &'t [(&'t str, &'t str)],
}

impl Stack<'_> {
    fn pseudo_or_parameter(&self, name: &str) -> String {
        match name {
            "AWS::Partition" => self.partition.to_owned(),
            "AWS::Region" => self.region.to_owned(),
            "AWS::AccountId" => self.account.to_owned(),
            _ => self
                .parameters
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
                .unwrap_or_else(|| panic!("no parameter `{name}`")),
        }
    }

    fn properties(&self, resource: &str) -> (&str, &Value) {
        let resource = self
            .template
            .pointer(&format!("/Resources/{resource}"))
            .unwrap_or_else(|| panic!("no resource `{resource}`"));
        (resource["Type"].as_str().unwrap(), &resource["Properties"])
    }

    /// `Fn::GetAtt` of the resource types whose attributes the hub's policies name, built from
    /// the name the template gives the resource.
    pub(crate) fn attribute(&self, resource: &str, attribute: &str) -> String {
        let (kind, properties) = self.properties(resource);
        let name = |key: &str| properties[key].as_str().unwrap().to_owned();
        let (partition, region, account) = (self.partition, self.region, self.account);
        match (kind, attribute) {
            ("AWS::SQS::Queue", "Arn") => {
                format!(
                    "arn:{partition}:sqs:{region}:{account}:{}",
                    name("QueueName")
                )
            }
            ("AWS::SQS::Queue", "QueueName") => name("QueueName"),
            ("AWS::DynamoDB::Table", "Arn") => format!(
                "arn:{partition}:dynamodb:{region}:{account}:table/{}",
                name("TableName")
            ),
            ("AWS::Events::EventBus", "Arn") => format!(
                "arn:{partition}:events:{region}:{account}:event-bus/{}",
                name("Name")
            ),
            ("AWS::Events::EventBus", "Name") => name("Name"),
            ("AWS::SNS::Topic", "TopicArn") => {
                format!(
                    "arn:{partition}:sns:{region}:{account}:{}",
                    name("TopicName")
                )
            }
            ("AWS::Lambda::Function", "Arn") => format!(
                "arn:{partition}:lambda:{region}:{account}:function:{}",
                name("FunctionName")
            ),
            ("AWS::IAM::Role", "Arn") => {
                let path = properties["Path"].as_str().unwrap_or("/");
                format!(
                    "arn:{partition}:iam::{account}:role{path}{}",
                    name("RoleName")
                )
            }
            _ => panic!("`Fn::GetAtt` `{resource}.{attribute}` of a `{kind}` is not supported"),
        }
    }

    /// The template's condition `name`, of the forms it uses (`Fn::Not`, `Fn::Equals`).
    fn condition(&self, value: &Value) -> bool {
        match value {
            Value::Object(object) if object.contains_key("Fn::Not") => {
                !self.condition(&object["Fn::Not"][0])
            }
            Value::Object(object) if object.contains_key("Fn::Equals") => {
                let pair = &object["Fn::Equals"];
                self.resolve(&pair[0]) == self.resolve(&pair[1])
            }
            Value::String(name) => self.condition(&self.template["Conditions"][name.as_str()]),
            other => panic!("condition `{other}` is not supported"),
        }
    }

    /// The inline policies of the role `id`, resolved as IAM sees them once deployed.
    pub(crate) fn role_policies(&self, id: &str) -> Vec<Value> {
        self.template["Resources"][id]["Properties"]["Policies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|policy| self.resolve(&policy["PolicyDocument"]))
            .collect()
    }

    /// `value` with every `Ref`, `Fn::Sub`, `Fn::GetAtt` and `Fn::If` replaced by what
    /// CloudFormation would put there (`AWS::NoValue` drops the array item).
    pub(crate) fn resolve(&self, value: &Value) -> Value {
        match value {
            Value::Object(object) if object.len() == 1 && object.contains_key("Fn::If") => {
                let branches = &object["Fn::If"];
                let chosen = if self.condition(&branches[0]) {
                    &branches[1]
                } else {
                    &branches[2]
                };
                self.resolve(chosen)
            }
            Value::Object(object)
                if object.len() == 1 && object.get("Ref") == Some(&json!("AWS::NoValue")) =>
            {
                Value::Null
            }
            Value::Object(object) if object.len() == 1 && object.contains_key("Ref") => {
                let name = object["Ref"].as_str().unwrap();
                // A topic's `Ref` is its ARN.
                if self.template["Resources"][name]["Type"] == "AWS::SNS::Topic" {
                    return json!(self.attribute(name, "TopicArn"));
                }
                json!(self.pseudo_or_parameter(name))
            }
            Value::Object(object) if object.len() == 1 && object.contains_key("Fn::GetAtt") => {
                let target = &object["Fn::GetAtt"];
                json!(self.attribute(target[0].as_str().unwrap(), target[1].as_str().unwrap()))
            }
            Value::Object(object) if object.len() == 1 && object.contains_key("Fn::Sub") => {
                let mut text = object["Fn::Sub"].as_str().unwrap().to_owned();
                while let Some(start) = text.find("${") {
                    let end = start + text[start..].find('}').unwrap();
                    let resolved = match text[start + 2..end].split_once('.') {
                        Some((resource, attribute)) => self.attribute(resource, attribute),
                        None => self.pseudo_or_parameter(&text[start + 2..end]),
                    };
                    text.replace_range(start..=end, &resolved);
                }
                json!(text)
            }
            Value::Object(object) => Value::Object(
                object
                    .iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.resolve(v))
                    .filter(|v| !v.is_null())
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}
