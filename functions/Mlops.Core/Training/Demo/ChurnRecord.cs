namespace Mlops.Core.Training.Demo;

/// <summary>One customer of the demo churn data set; null means the value is missing in the file.</summary>
/// <param name="CustomerId">A unique id such as <c>C0000001</c>.</param>
/// <param name="Age">Age in years.</param>
/// <param name="TenureMonths">Months as a customer (0 = joined this month).</param>
/// <param name="Contract"><c>month-to-month</c>, <c>one-year</c> or <c>two-year</c>.</param>
/// <param name="PaymentMethod"><c>electronic check</c>, <c>mailed check</c>, <c>bank transfer</c> or <c>credit card</c>.</param>
/// <param name="InternetService"><c>fiber optic</c>, <c>dsl</c> or <c>none</c>.</param>
/// <param name="MonthlyCharges">The monthly bill.</param>
/// <param name="TotalCharges">Billed so far; missing for customers who have not been billed yet.</param>
/// <param name="SupportCalls">Calls to support in the last quarter.</param>
/// <param name="HasPartner">Whether the customer has a partner.</param>
/// <param name="SignupDate">The day the customer joined (UTC midnight).</param>
/// <param name="Churned">Whether the customer left: the label.</param>
public sealed record ChurnRecord(
    string CustomerId,
    int? Age,
    int TenureMonths,
    string Contract,
    string? PaymentMethod,
    string InternetService,
    double? MonthlyCharges,
    double? TotalCharges,
    int? SupportCalls,
    bool HasPartner,
    DateTimeOffset SignupDate,
    bool Churned);
